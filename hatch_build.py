"""Build hook: ship the CC-CEDICT index and the entry store inside the wheel, so that a first run
in a fresh home builds neither (they take seconds).

Both go to slangtutor/prebuilt/. The index is built from the CC-CEDICT and jieba files of the
build environment (build requirements), with a manifest of SHA-256 checksums; at run time it is
used only when those checksums match the files installed beside it (slangtutor.dictionary). The
entry store of the shipped decks records the hash of the decks and code it was built from, and is
copied to the home only when they match (slangtutor.store). An editable install builds them in
the source tree, where the package is imported from. Whatever cannot be built here is built on
first use instead, as without this hook.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltLexiconHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = str(Path(self.root).resolve())
        folder = Path(root) / "slangtutor" / "prebuilt"
        sys.path.insert(0, root)
        saved = {name: os.environ.pop(name, None)
                 for name in ("SLANGTUTOR_DATA", "SLANGTUTOR_HOME")}
        # What the memo's code caches on the way (the polyphone table) goes to a scratch home,
        # not the builder's.
        scratch = tempfile.TemporaryDirectory(prefix="slangtutor-build-")
        os.environ["SLANGTUTOR_HOME"] = scratch.name
        try:
            from slangtutor import dataset, dictionary
            from slangtutor.annotate.prebuilt import fill_memo

            try:
                if dictionary.write_prebuilt(folder, fill_memo):
                    self.app.display_info(f"slangtutor: built the dictionary index in {folder}")
            except Exception as error:  # noqa: BLE001 - the index is still worth shipping
                self.app.display_warning(
                    f"slangtutor: the memo of frequent words failed ({error}); "
                    "shipping the dictionary index without it")
                dictionary.write_prebuilt(folder)
            dataset.write_prebuilt_store(folder / "entries.sqlite3")
        except Exception as error:  # noqa: BLE001 - any failure only costs the first run time
            self.app.display_warning(
                f"slangtutor: not all of slangtutor/prebuilt/ could be built ({error}); "
                "what is missing is built on first use")
        finally:
            sys.path.remove(root)
            os.environ.pop("SLANGTUTOR_HOME", None)
            scratch.cleanup()
            os.environ.update({name: value for name, value in saved.items() if value})
        if folder.is_dir():
            build_data["artifacts"].append("/slangtutor/prebuilt/")
