"""One memo helper: a dict with a size limit, for the per-word memos of annotate."""

from __future__ import annotations


class Memo(dict):
    """A dict that is emptied when it holds more than `limit` entries (bounded memory).

    Call make_room() before a batch of look-ups, never between deciding what is missing and
    reading it back: every key asked for must still be there afterwards.
    """

    __slots__ = ("limit",)

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def make_room(self) -> None:
        if len(self) > self.limit:
            self.clear()
