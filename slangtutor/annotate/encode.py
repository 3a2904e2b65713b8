"""Output encoding: an annotation as one line of JSON."""

from __future__ import annotations

from slangtutor.annotate.core import Annotation
from slangtutor.memo import Memo


class JsonLines:
    """Annotation -> one line of JSON, the same as json.dumps(annotation.to_dict()).

    Tokens repeat (的, 了, ，), so each distinct token's encoded fields are kept and reused;
    this is several times faster than encoding every dict again. The memo is bounded, and
    small: encoded glosses are long, and the tokens that repeat are few (的, 了, 我, ，)."""

    MEMO_LIMIT = 20_000

    def __init__(self):
        import json

        self._dumps = json.JSONEncoder(ensure_ascii=False).encode
        self._memo: Memo = Memo(self.MEMO_LIMIT)
        self._plain: Memo = Memo(self.MEMO_LIMIT)  # plain_line's memo, by token text

    def plain_line(self, text: str, pieces, words: dict, changed: dict | None = None) -> str:
        """line() for a text whose pieces are all plain words, punctuation or symbols (no
        slang, numbers or Latin): the same JSON, built from the pieces directly. `changed`:
        {piece index: (reading, gloss)} where the sentence reads a word otherwise."""
        dumps, memo = self._dumps, self._plain
        memo.make_room()
        parts = []
        for index, (start, end, kind, _) in enumerate(pieces):
            chunk = text[start:end]
            if changed and index in changed:
                reading, gloss = changed[index]
                parts.append(f'{{"text": {dumps(chunk)}, "start": {start}, "end": {end}, '
                             f'"pinyin": {dumps(reading)}, "gloss": {dumps(gloss)}, '
                             f'"kind": "{kind}", "entry": null}}')
                continue
            encoded = memo.get(chunk)
            if encoded is None:
                reading, gloss = words[chunk] if kind == "word" else (None, None)
                encoded = memo[chunk] = (
                    dumps(chunk),
                    f'"pinyin": {dumps(reading)}, "gloss": {dumps(gloss)}, '
                    f'"kind": "{kind}", "entry": null}}',
                )
            parts.append(f'{{"text": {encoded[0]}, "start": {start}, "end": {end}, '
                         f'{encoded[1]}')
        return f'{{"text": {dumps(text)}, "tokens": [{", ".join(parts)}], "slang": []}}\n'

    def line(self, annotation: Annotation) -> str:
        dumps, memo = self._dumps, self._memo
        memo.make_room()
        parts = []
        for t in annotation.tokens:
            key = t[:1] + t[3:7]
            encoded = memo.get(key)
            if encoded is None:
                encoded = memo[key] = (
                    dumps(t.text),
                    f'"pinyin": {dumps(t.pinyin)}, "gloss": {dumps(t.gloss)}, '
                    f'"kind": "{t.kind}", "entry": {dumps(t.entry)}}}',
                )
            parts.append(f'{{"text": {encoded[0]}, "start": {t.start}, "end": {t.end}, '
                         f'{encoded[1]}')
        slang = ", ".join(dumps(hit.to_dict()) for hit in annotation.slang)
        return (f'{{"text": {dumps(annotation.text)}, "tokens": [{", ".join(parts)}], '
                f'"slang": [{slang}]}}\n')
