"""Output encoding: an annotation as one line of JSON."""

from __future__ import annotations

from json.encoder import encode_basestring as _encode_string

from slangtutor.annotate.core import Annotation
from slangtutor.memo import Memo


class JsonLines:
    """Annotation -> one line of JSON, the same as json.dumps(annotation.to_dict()).

    Tokens repeat (的, 了, ，), so each distinct token's encoded fields are kept and reused;
    this is several times faster than encoding every dict again. The memos are bounded; one
    holds a long input's every distinct word (1 MB of varied prose has some 26,000).
    """

    MEMO_LIMIT = 100_000

    def __init__(self):
        import json

        self._encode = json.JSONEncoder(ensure_ascii=False).encode
        self._dumps = _string
        self._memo: Memo = Memo(self.MEMO_LIMIT)
        self._plain: Memo = Memo(self.MEMO_LIMIT)  # plain_line's memo, by token text

    def plain_line(self, text: str, pieces, annotator, changed: dict | None = None) -> str:
        """line() for a text where nothing counts as slang: the same JSON, built from the
        pieces directly, with no Token objects in between. `pieces` are (start, end, kind,
        form) with no form counted; `changed`: {piece index: (reading, gloss)} where the
        sentence reads a word otherwise. Each distinct token's encoding is kept; a word whose
        gloss may depend on its neighbours, or a number (a code guess depends on them), is
        encoded where it stands (`annotator.token_fields`)."""
        dumps, memo = self._dumps, self._plain
        memo.make_room()
        parts = []
        append = parts.append
        for index, (start, end, kind, _) in enumerate(pieces):
            chunk = text[start:end]
            encoded = memo.get(chunk)
            if encoded is None:
                encoded = memo[chunk] = self._piece(chunk, kind, annotator)
            if encoded[2] or (changed and index in changed):
                reading, gloss = annotator.token_fields(text, pieces, index, changed)
                append(f'{encoded[0]}{start}, "end": {end}, "pinyin": {dumps(reading)}, '
                       f'"gloss": {dumps(gloss)}, "kind": "{kind}", "entry": null}}')
            else:
                append(f'{encoded[0]}{start}, "end": {end}{encoded[1]}')
        return f'{{"text": {dumps(text)}, "tokens": [{", ".join(parts)}], "slang": []}}\n'

    def _piece(self, chunk: str, kind: str, annotator) -> tuple[str, str, bool]:
        """A token's encoding out of context: its text part, its fields after "end", and
        whether it must be encoded where it stands instead."""
        dumps = self._dumps
        reading, gloss, local = annotator.fields_alone(chunk, kind)
        return (f'{{"text": {dumps(chunk)}, "start": ',
                (f', "pinyin": {dumps(reading)}, "gloss": {dumps(gloss)}, "kind": "{kind}", '
                f'"entry": null}}'), local)

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
                    (f'"pinyin": {dumps(t.pinyin)}, "gloss": {dumps(t.gloss)}, '
                    f'"kind": "{t.kind}", "entry": {dumps(t.entry)}}}'),
                )
            parts.append(f'{{"text": {encoded[0]}, "start": {t.start}, "end": {t.end}, '
                         f'{encoded[1]}')
        slang = ", ".join(self._encode(hit.to_dict()) for hit in annotation.slang)
        return (f'{{"text": {dumps(annotation.text)}, "tokens": [{", ".join(parts)}], '
                f'"slang": [{slang}]}}\n')


def _string(value: str | None) -> str:
    """A string or None as JSON, as JSONEncoder(ensure_ascii=False).encode gives it, without
    the encoder's own checks (most of a line's time went to them)."""
    return "null" if value is None else _encode_string(value)
