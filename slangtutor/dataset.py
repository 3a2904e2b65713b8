"""Load and validate the TOML decks.

Validation reports every problem at once as `FILE: entry 'ID': what is wrong`. The decks in use
are the shipped ones plus the learner's own (`deck_files`); they are parsed and validated once
and kept in the entry store (slangtutor.store), so later commands start without parsing TOML.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from slangtutor.text import pinyin, script
from slangtutor.text.keys import form_key
from slangtutor.text.script import HANZI_CLASS, is_hanzi
from slangtutor.errors import DataError
from slangtutor.files import FileTooLarge, NotARegularFile, read_regular
from slangtutor.models import CUE_MACROS, LEVELS, ORIGINS, REGISTERS, TAGS, Entry, Example

REQUIRED = ("id", "term", "pinyin", "meaning", "explanation", "origin", "register", "level", "tags")
MAX_DECK_BYTES = 16 << 20  # a deck is text; the shipped ones are under 1 MB each
# Fields of running prose, where a line break or a tab may stand.
_PROSE_KEYS = frozenset({"explanation", "everyday", "literal", "meaning"})
OPTIONAL = (
    "traditional", "aliases", "literal", "everyday", "source_form", "related", "since",
    "slang_cues", "literal_cues", "phrase_slang",
)
KNOWN_KEYS = frozenset(REQUIRED + OPTIONAL + ("examples",))
EXAMPLE_KEYS = ("zh", "pinyin", "en")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Compiled on first use by re's own cache: validation runs only when the decks change.
TERM_TOKEN = f"[{HANZI_CLASS}]|[A-Za-z]+|[0-9]"


def data_dir() -> Path:
    """The folder of shipped decks: `SLANGTUTOR_DATA` if set, else the package's own data."""
    override = os.environ.get("SLANGTUTOR_DATA")
    if override:
        return Path(override)
    # The wheel puts the decks in the package (force-included as slangtutor/data); about 3 ms.
    from importlib.resources import files

    packaged = files("slangtutor") / "data"
    if packaged.is_dir():
        return Path(str(packaged))  # an installed package is a folder, never a zip
    # A source checkout (python -m slangtutor from the repository): decks sit beside the package.
    return Path(__file__).resolve().parent.parent / "data"


def deck_paths(folder: Path | None = None) -> list[Path]:
    """The decks in a folder (or the single file named), sorted by name."""
    folder = data_dir() if folder is None else folder
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise DataError([f"{folder}: data folder not found"])
    try:  # glob hides an unreadable folder as an empty one: list it, to know
        names = os.listdir(folder)
    except OSError as error:
        raise DataError([f"{folder}: cannot read the data folder ({error.strerror})"]) from None
    paths = sorted(folder / name for name in names
                   if name.endswith(".toml") and not name.startswith("."))
    if not paths:
        raise DataError([f"{folder}: no decks (*.toml) found"])
    return paths


def home_dir() -> Path:
    """Where slangtutor keeps progress and caches: `SLANGTUTOR_HOME` or the platform's dirs."""
    override = os.environ.get("SLANGTUTOR_HOME")
    if override:
        return _a_folder(Path(override), "SLANGTUTOR_HOME")
    import platformdirs

    return _a_folder(Path(platformdirs.user_data_dir("slangtutor", appauthor=False)),
                     "slangtutor's data folder")


def _a_folder(path: Path, name: str) -> Path:
    """`path`, unless something other than a folder is in its place (said in one line)."""
    if os.path.lexists(path) and not path.is_dir():
        from slangtutor.errors import SlangTutorError

        raise SlangTutorError(f"{name} ({path}) is a file, not a folder; move the file away or "
                              "set SLANGTUTOR_HOME to a folder")
    return path


def cache_dir() -> Path:
    override = os.environ.get("SLANGTUTOR_HOME")
    if override:
        return _a_folder(Path(override), "SLANGTUTOR_HOME") / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("slangtutor", appauthor=False))


# ---------------------------------------------------------------------------------------------
# Validation


class _Problems:
    """Messages as `FILE:LINE: entry 'ID': what is wrong`; `line` is where the entry (or the
    example) being checked starts."""

    def __init__(self, label: str):
        self.label = label
        self.line: int | None = None
        self.example_lines: list[int] = []
        self.messages: list[str] = []

    def add(self, entry_id: str | None, message: str) -> None:
        where = f"entry '{entry_id}': " if entry_id else ""
        at = f"{self.label}:{self.line}" if self.line else self.label
        self.messages.append(f"{at}: {where}{message}")


# Where each [[entry]] and [[entry.examples]] table starts (tomllib gives no positions).
_ENTRY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*entry[ \t]*\]\]", re.M)
_EXAMPLE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*entry[ \t]*\.[ \t]*examples[ \t]*\]\]", re.M)


def _header_lines(text: str, pattern: re.Pattern) -> list[int]:
    lines, line, position = [], 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())  # counted once, left to right
        position = match.start()
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Stub:
    """What the checks across decks need of an entry, even one with problems of its own."""

    id: str
    forms: tuple[str, ...]
    related: tuple[str, ...]
    line: int | None


def _text(raw: dict, key: str, entry_id: str, problems: _Problems, required: bool) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            problems.add(entry_id, f"{key} is missing")
        return None
    if not isinstance(value, str):
        problems.add(entry_id, f"{key} must be a string")
        return None
    if not value.strip():
        problems.add(entry_id, f"{key} is empty")
        return None
    if value != value.strip():
        problems.add(entry_id, f"{key} has leading or trailing spaces")
    hidden = script.hidden_character(value, newlines=key in _PROSE_KEYS)
    if hidden:
        problems.add(entry_id, f"{key} contains an invisible or control character ({hidden})")
    return unicodedata.normalize("NFC", value)


def _text_list(raw: dict, key: str, entry_id: str, problems: _Problems) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(entry_id, f"{key} must be a list of strings")
        return ()
    if any(not v.strip() for v in value):
        problems.add(entry_id, f"{key} has an empty string")
    if len(set(value)) != len(value):
        problems.add(entry_id, f"{key} lists the same value twice")
    for item in value:
        hidden = script.hidden_character(item)
        if hidden:
            problems.add(entry_id, f"{key} {item!r} contains an invisible or control character "
                                   f"({hidden})")
    return tuple(unicodedata.normalize("NFC", v) for v in value if v.strip())


def check_term_pinyin(term: str, reading: str) -> str | None:
    """Why `reading` is not a valid pinyin for `term` (data/README.md's rules), or None."""
    tokens = reading.split()
    bad = [t for t in tokens if not pinyin.is_syllable(t) and not t.isascii()]
    if bad:
        return f"pinyin has {bad[0]!r}, which is not a tone-marked syllable"
    units = re.findall(TERM_TOKEN, term)
    # Syllables of hanzi are lowercase; letters read as written keep the term's case (N刷 is
    # 'N shuā', 村BA 'cūn BA'), even where they happen to spell a syllable (n, a, m, ba).
    letters_of_term = {u for u in units if u.isascii() and u.isalpha()}
    if any(t != t.lower() and pinyin.is_syllable(t) and t not in letters_of_term
           for t in tokens):
        return "pinyin must be lowercase"
    compact = term.replace(" ", "")
    if (compact.isascii() and compact.isalnum() and not compact.isdigit()
            and len(tokens) == len(compact) and all(pinyin.is_syllable(t) for t in tokens)):
        return None  # letters and digits abbreviating a phrase: u1s1 is yǒu yī shuō yī
    if units and all(u.isascii() and u.isalpha() for u in units):
        # Letters only: read as written (CP, nbcs) or the pinyin of the phrase it abbreviates.
        if pinyin.toneless_key(reading) == pinyin.toneless_key(term.replace(" ", "")):
            return None
        if all(pinyin.is_syllable(t) for t in tokens):
            return None
        return "pinyin of a letter term is either the letters or the phrase's pinyin"
    if len(tokens) != len(units):
        hanzi = sum(1 for u in units if is_hanzi(u))
        return (
            f"pinyin has {len(tokens)} syllables for {len(units)} units of the term "
            f"({hanzi} hanzi)"
        )
    for unit, token in zip(units, tokens):
        if is_hanzi(unit):
            if not pinyin.is_syllable(token):
                return f"pinyin {token!r} for {unit} is not a tone-marked syllable"
        elif unit.isdigit():
            if token not in pinyin.digit_readings(unit):
                return f"pinyin {token!r} for the digit {unit} should be a reading of it"
        elif token.lower() != unit.lower():
            return f"pinyin {token!r} should repeat the letters {unit!r} as written"
    return None


def check_example_pinyin(zh: str, reading: str) -> str | None:
    """Why an example's pinyin does not line up with its hanzi, or None."""
    hanzi = [char for char in zh if is_hanzi(char)]
    cleaned = re.sub(r"[^\w\s'’]", " ", reading)
    syllables = [t for t in cleaned.split() if pinyin.is_syllable(t)]
    if len(syllables) < len(hanzi):
        return f"pinyin has {len(syllables)} syllables for {len(hanzi)} hanzi"
    return None


def _entry(raw: object, index: int, problems: _Problems) -> Entry | None:
    if not isinstance(raw, dict):
        problems.add(None, f"entry #{index + 1} is not a table")
        return None
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not entry_id:
        problems.add(None, f"entry #{index + 1} has no id")
        entry_id = f"#{index + 1}"
    elif not ID_PATTERN.match(entry_id):
        problems.add(entry_id, "id must be lowercase ASCII letters, digits and single hyphens")
    before = len(problems.messages)
    for key in sorted(set(raw) - KNOWN_KEYS):
        problems.add(entry_id, f"unknown field {key!r}")

    term = _text(raw, "term", entry_id, problems, True)
    reading = _text(raw, "pinyin", entry_id, problems, True)
    meaning = _text(raw, "meaning", entry_id, problems, True)
    explanation = _text(raw, "explanation", entry_id, problems, True)
    traditional = _text(raw, "traditional", entry_id, problems, False)
    literal = _text(raw, "literal", entry_id, problems, False)
    everyday = _text(raw, "everyday", entry_id, problems, False)
    source_form = _text(raw, "source_form", entry_id, problems, False)
    origin = _text(raw, "origin", entry_id, problems, True)
    register = _text(raw, "register", entry_id, problems, True)
    aliases = _text_list(raw, "aliases", entry_id, problems)
    tags = _text_list(raw, "tags", entry_id, problems)
    related = _text_list(raw, "related", entry_id, problems)
    slang_cues = _text_list(raw, "slang_cues", entry_id, problems)
    literal_cues = _text_list(raw, "literal_cues", entry_id, problems)

    if origin and origin not in ORIGINS:
        problems.add(entry_id, f"origin {origin!r} is not one of {', '.join(ORIGINS)}")
    if register and register not in REGISTERS:
        problems.add(entry_id, f"register {register!r} is not one of {', '.join(REGISTERS)}")
    if "tags" in raw and not tags:
        problems.add(entry_id, "tags is empty")
    for tag in tags:
        if tag not in TAGS:
            problems.add(entry_id, f"tag {tag!r} is not one of {', '.join(TAGS)}")
    level = raw.get("level")
    if level is None:
        problems.add(entry_id, "level is missing")
    elif isinstance(level, bool) or level not in LEVELS:
        problems.add(entry_id, "level must be 1, 2 or 3")
    since = raw.get("since")
    if since is not None and (isinstance(since, bool) or not isinstance(since, int)
                              or not 1990 <= since <= 2100):
        problems.add(entry_id, "since must be a year such as 2021")
    if traditional is not None and traditional == term:
        problems.add(entry_id, "traditional is the same as term; leave it out")
    if term and term in aliases:
        problems.add(entry_id, "an alias repeats the term")
    if entry_id in related:
        problems.add(entry_id, "related lists the entry itself")
    phrase_slang = raw.get("phrase_slang", False)
    if not isinstance(phrase_slang, bool):
        problems.add(entry_id, "phrase_slang must be true or false")
        phrase_slang = False
    elif phrase_slang and not (term and re.search("[A-Za-z]", term)
                               and any(is_hanzi(c) for a in aliases for c in a)):
        problems.add(entry_id, "phrase_slang is for a letter abbreviation with a hanzi alias "
                               "(the phrase it stands for)")
    for why in cue_problems(slang_cues, literal_cues, everyday, (term, traditional, *aliases)):
        problems.add(entry_id, why)
    if term and reading:
        why = check_term_pinyin(term, reading)
        if why:
            problems.add(entry_id, why)

    examples = _examples(raw.get("examples"), entry_id, term, traditional, aliases, problems)
    if len(problems.messages) > before:
        return None
    return Entry(
        id=entry_id,
        term=term,
        pinyin=reading,
        meaning=meaning,
        explanation=explanation,
        origin=origin,
        register=register,
        level=level,
        tags=tags,
        examples=examples,
        traditional=traditional,
        aliases=aliases,
        literal=literal,
        source_form=source_form,
        related=related,
        since=since,
        everyday=everyday,
        slang_cues=slang_cues,
        phrase_slang=phrase_slang,
        literal_cues=literal_cues,
    )


MAX_CUE = 12  # characters in a cue, "~" included


def cue_problems(slang_cues, literal_cues, everyday, forms) -> list[str]:
    """Why an entry's `slang_cues` / `literal_cues` are wrong (data/README.md), one message
    each: cues tell the two senses of a dual form apart, so they need an `everyday` sense."""
    out = []
    if (slang_cues or literal_cues) and not everyday:
        out.append("slang_cues and literal_cues need an everyday sense (only a form that is "
                   "also ordinary Chinese has two senses to tell apart)")
    forms = {f for f in forms if f}
    for key, cues in (("slang_cues", slang_cues), ("literal_cues", literal_cues)):
        for cue in cues:
            bare = cue.replace("~", "")
            if cue.startswith("@"):
                if cue not in CUE_MACROS:
                    out.append(f"{key}: {cue!r} is not one of {', '.join(CUE_MACROS)}")
            elif cue.count("~") > 1:
                out.append(f"{key}: {cue!r} has more than one '~' (the place of the form)")
            elif not bare.strip() or cue != cue.strip():
                out.append(f"{key}: {cue!r} needs text besides '~' and no outer spaces")
            elif len(cue) > MAX_CUE:
                out.append(f"{key}: {cue!r} is longer than {MAX_CUE} characters")
            elif "~" not in cue and bare in forms:
                out.append(f"{key}: {cue!r} is the form itself")
    both = sorted(set(slang_cues) & set(literal_cues))
    if both:
        out.append(f"{both[0]!r} is both a slang cue and a literal cue")
    return out


def _examples(raw, entry_id, term, traditional, aliases, problems) -> tuple[Example, ...]:
    if raw is None or raw == []:
        problems.add(entry_id, "needs at least one example")
        return ()
    if not isinstance(raw, list):
        problems.add(entry_id, "examples must be a list of tables")
        return ()
    forms = [f.casefold() for f in (term, traditional, *aliases) if f]
    examples = []
    seen = set()
    entry_line = problems.line
    lines = problems.example_lines
    for number, item in enumerate(raw, 1):
        problems.line = lines[number - 1] if len(lines) == len(raw) else entry_line
        if not isinstance(item, dict):
            problems.add(entry_id, f"example {number} is not a table")
            continue
        for key in sorted(set(item) - set(EXAMPLE_KEYS)):
            problems.add(entry_id, f"example {number}: unknown field {key!r}")
        values = {}
        for key in EXAMPLE_KEYS:
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.add(entry_id, f"example {number}: {key} is missing or empty")
            elif hidden := script.hidden_character(value):
                problems.add(entry_id, f"example {number}: {key} contains an invisible or "
                                       f"control character ({hidden})")
            else:
                values[key] = unicodedata.normalize("NFC", value.strip())
        if len(values) < 3:
            continue
        if forms and not any(form in values["zh"].casefold() for form in forms):
            problems.add(entry_id, f"example {number} does not contain the term or an alias")
        why = check_example_pinyin(values["zh"], values["pinyin"])
        if why:
            problems.add(entry_id, f"example {number}: {why}")
        if values["zh"] in seen:
            problems.add(entry_id, f"example {number} repeats an earlier example")
        seen.add(values["zh"])
        examples.append(Example(**values))
    problems.line = entry_line
    return tuple(examples)


def parse_deck(text: str, label: str) -> tuple[list[Entry], list[str]]:
    """Parse one deck's TOML text. Returns the valid entries and every problem found."""
    entries, problems, _ = _parse(text, label)
    return entries, problems


def _parse(text: str, label: str) -> tuple[list[Entry], list[str], list[Stub]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the project requires 3.11; tomli is the documented fallback
        import tomli as tomllib

    problems = _Problems(label)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.add(None, f"invalid TOML: {error}")
        return [], problems.messages, []
    except RecursionError:
        problems.add(None, "invalid TOML: arrays or tables nested too deeply")
        return [], problems.messages, []
    for key in sorted(set(document) - {"entry"}):
        problems.add(None, f"unknown top-level key {key!r} (entries go in [[entry]] tables)")
    raw_entries = document.get("entry", [])
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.add(None, "no [[entry]] tables")
        return [], problems.messages, []
    entry_lines = _header_lines(text, _ENTRY_HEADER)
    example_lines = _header_lines(text, _EXAMPLE_HEADER)
    if len(entry_lines) != len(raw_entries):
        entry_lines = []  # entries written as inline tables: no line numbers to give
    entries, stubs = [], []
    for number, raw in enumerate(raw_entries):
        line = entry_lines[number] if entry_lines else None
        following = entry_lines[number + 1] if number + 1 < len(entry_lines) else None
        problems.line = line
        if line:  # the example tables between this entry's line and the next one's
            first = bisect.bisect_right(example_lines, line)
            last = (bisect.bisect_left(example_lines, following) if following is not None
                    else len(example_lines))
            problems.example_lines = example_lines[first:last]
        else:
            problems.example_lines = []
        entry = _entry(raw, number, problems)
        if entry is not None:
            entries.append(entry)
        stub = _stub(raw, line)
        if stub is not None:
            stubs.append(stub)
    problems.line = None
    return entries, problems.messages, stubs


def _stub(raw: object, line: int | None) -> Stub | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return None

    def texts(value) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return ()
        return tuple(unicodedata.normalize("NFC", v) for v in value
                     if isinstance(v, str) and v.strip())

    forms = texts(raw.get("term")) + texts(raw.get("traditional")) + texts(raw.get("aliases"))
    return Stub(raw["id"], forms, texts(raw.get("related")), line)


def cross_check(decks: list[tuple[str, list[Stub]]], report: set[str] | None = None
                ) -> list[str]:
    """Checks across decks, on every entry (valid or not): unique ids, unambiguous forms,
    related ids that exist. Both places are named: `data/a.toml:12` and `data/b.toml:40`.
    Only problems of the decks labelled in `report` are returned (all when None)."""
    problems = []
    owner: dict[str, str] = {}  # id -> where it is
    form_owner: dict[str, tuple[str, str]] = {}  # form key -> (id, where)

    def at(label: str, stub: Stub) -> str:
        return f"{label}:{stub.line}" if stub.line else label

    for label, stubs in decks:
        shown = report is None or label in report
        for stub in stubs:
            where = at(label, stub)
            if stub.id in owner:
                if shown:
                    problems.append(
                        f"{where}: entry '{stub.id}': id already used at {owner[stub.id]}")
                continue
            owner[stub.id] = where
            for form in stub.forms:
                key = form_key(form)
                other = form_owner.get(key)
                if other and other[0] != stub.id and shown:
                    problems.append(f"{where}: entry '{stub.id}': form {form!r} is also a form "
                                    f"of '{other[0]}' at {other[1]}")
                form_owner.setdefault(key, (stub.id, where))
    for label, stubs in decks:
        if report is not None and label not in report:
            continue
        for stub in stubs:
            for target in stub.related:
                if target not in owner:
                    problems.append(f"{at(label, stub)}: entry '{stub.id}': related id "
                                    f"'{target}' not found")
    return problems


def _label(path: Path, base: Path | None) -> str:
    """Name a deck as `data/FILE.toml` (the folder's own name) or as the path given."""
    if base is not None:
        try:
            return f"{base.name}/{path.relative_to(base).as_posix()}"
        except ValueError:
            pass
    return str(path)


def read_decks(paths: list[Path], base: Path | None = None,
               labels: list[str] | None = None,
               context: list[tuple[Path, str]] = ()) -> list[Entry]:
    """Parse and validate decks; raise DataError listing every problem in every file.

    Messages name each deck by `labels` when given, else relative to `base` (`data/x.toml`).
    `context` decks (path, label) are the others in use: `related` ids may point into them and
    ids or forms must not clash with them, but their own problems are not reported here."""
    problems: list[str] = []
    decks = []
    context_stubs = []
    for path, label in context:
        try:
            text = read_regular(path, MAX_DECK_BYTES).decode("utf-8").removeprefix("\ufeff")
            _, _, stubs = _parse(text, label)
        except (OSError, UnicodeDecodeError):
            continue
        context_stubs.append((label, stubs))
    for number, path in enumerate(paths):
        label = labels[number] if labels else _label(path, base)
        try:
            raw = read_regular(path, MAX_DECK_BYTES)
        except FileNotFoundError:
            problems.append(f"{label}: file not found")
            continue
        except (NotARegularFile, FileTooLarge) as error:
            problems.append(f"{label}: {error.strerror}; a deck is a TOML text file")
            continue
        except OSError as error:
            problems.append(f"{label}: cannot read ({error.strerror})")
            continue
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is harmless
        except UnicodeDecodeError as error:
            problems.append(f"{label}: not valid UTF-8 (byte {error.start})")
            continue
        entries, found, stubs = _parse(text, label)
        problems.extend(found)
        decks.append((label, entries, stubs))
    problems.extend(cross_check([*context_stubs, *((label, stubs) for label, _, stubs in decks)],
                                report={label for label, _, _ in decks}))
    if problems:
        raise DataError(problems)
    return [entry for _, entries, _ in decks for entry in entries]


# ---------------------------------------------------------------------------------------------
# The decks in use, and their store


def user_decks_dir() -> Path:
    """Where a learner's own decks live; they add to the shipped decks."""
    return home_dir() / "decks"


def deck_files() -> list[tuple[Path, str]]:
    """Every deck in use, with the label its messages carry: the shipped decks (`data/...`)
    and the learner's own decks folder, or only the `SLANGTUTOR_DATA` folder when set."""
    folder = data_dir()
    base = folder if folder.is_dir() else folder.parent
    files = [(path, _label(path, base)) for path in deck_paths(folder)]
    if not os.environ.get("SLANGTUTOR_DATA"):
        mine = user_decks_dir()
        try:
            own = sorted(mine / name for name in os.listdir(mine)
                         if name.endswith(".toml") and not name.startswith(".")
                         ) if mine.is_dir() else []
        except OSError as error:
            raise DataError([f"{mine}: cannot read your decks ({error.strerror})"]) from None
        files.extend((path, str(path)) for path in own)
    return files


def open_store(rebuild: bool = False):
    """The entry store over deck_files(), built from the decks when they changed or it is
    damaged (slangtutor.store)."""
    from slangtutor import store

    files = deck_files()
    paths = [path for path, _ in files]

    def build():
        from slangtutor.search import index_rows

        entries = tuple(read_decks(paths, labels=[label for _, label in files]))
        return entries, index_rows(entries)

    try:
        return store.open_store(paths, cache_dir(), build, rebuild=rebuild)
    except OSError as error:
        where = error.filename or data_dir()
        raise DataError([f"{where}: cannot read the decks ({error.strerror})"]) from None


def write_prebuilt_store(target: Path) -> None:
    """Build the entry store of the shipped decks to ship in the package (hatch_build.py)."""
    from slangtutor import store
    from slangtutor.search import index_rows

    paths = deck_paths()
    base = data_dir()
    entries = tuple(read_decks(paths, labels=[_label(path, base) for path in paths]))
    store.write_prebuilt(target, paths, lambda: (entries, index_rows(entries)))


@lru_cache(maxsize=1)
def load_entries() -> tuple[Entry, ...]:
    """Every entry of the decks in use, validated, in deck order."""
    from slangtutor.store import StoreDamaged

    try:
        return open_store().entries()
    except StoreDamaged:
        return open_store(rebuild=True).entries()


@lru_cache(maxsize=1)
def entries_by_id() -> dict[str, Entry]:
    return {entry.id: entry for entry in load_entries()}
