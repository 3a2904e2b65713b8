"""JSON export: a list of entries with every data-model key, as `slangtutor list --json` prints."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slangtutor.models import Entry


def render(entries: Sequence[Entry]) -> bytes:
    payload = [entry.to_dict() for entry in entries]
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
