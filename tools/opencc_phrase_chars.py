"""Work out slangtutor.text.script.T2S_HIDDEN_CHANGES for the installed OpenCC.

    python tools/opencc_phrase_chars.py

Prints the entry for the installed t2s configuration and dictionaries: their SHA-256 and the
characters that t2s changes which converting each hanzi alone does not show, namely

- the characters a phrase changes (沈 in 沈默 -> 沉默: alone 沈 stays, a surname), found by
  dumping every dictionary the configuration names with OpenCC's own opencc_dict tool and
  converting each key of two or more characters: where the output has the key's length, the
  characters at the places that differ; where not, every character of the key;
- any character outside the hanzi blocks that t2s changes alone (every code point is tried).

A line with none of these and none of the hanzi changed alone comes out of OpenCC unchanged, so
slangtutor skips OpenCC for it (tests/test_segment_speed.py checks the shipped entry).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slangtutor.text import script


def opencc_dict_tool() -> Path | None:
    import opencc

    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    return tool if tool.exists() else None


def dictionary_entries(tool: Path, path: Path) -> list[tuple[str, list[str]]]:
    """(key, values) of one OpenCC dictionary file, as opencc_dict writes it out as text."""
    kind = path.suffix.lstrip(".")
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "dict.txt"
        subprocess.run([str(tool), "-i", str(path), "-o", str(text), "-f", kind, "-t", "text"],
                       check=True, capture_output=True)
        entries = []
        for line in text.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            entries.append((key, values.split(" ")))
    return entries


def hidden_changes() -> tuple[str, str]:
    """(digest, characters) for the installed OpenCC's t2s."""
    tool = opencc_dict_tool()
    if tool is None:
        raise SystemExit("OpenCC's opencc_dict tool is not installed beside the opencc package")
    converter = script._converter()
    config = Path(converter.config)
    hidden: set[str] = set()
    for path in script.t2s_files(str(config))[1:]:
        for key, values in dictionary_entries(tool, path):
            if len(key) < 2:
                continue
            for value in [converter.convert(key), *values[:1]]:
                if len(value) != len(key):
                    hidden |= set(key)
                else:
                    hidden |= {k for k, v in zip(key, value) if k != v}
    codes = [chr(code) for code in range(0x110000)
             if not 0xD800 <= code <= 0xDFFF and code != 0x0A]
    converted = converter.convert("\n".join(codes)).split("\n")
    assert len(converted) == len(codes)
    hidden |= {c for c, to in zip(codes, converted) if to != c and not script.is_hanzi(c)}
    hidden -= script.t2s_changes_alone(converter)
    return script.t2s_digest(str(config)), "".join(sorted(hidden))


def main() -> None:
    digest, chars = hidden_changes()
    print(f'    "{digest}":\n        "{chars}",')


if __name__ == "__main__":
    main()
