"""The memo shipped inside the dictionary index: readings and glosses of jieba's most frequent
words, computed when the wheel is built (hatch_build.py) by the very code that computes them at
run time (Readings, Glosses), so that prose new to a learner's memo needs pypinyin only for the
rarer words. The index records the memo key they were computed for (slangtutor.dictionary);
after any change to that code they are ignored until the index is built again."""

from __future__ import annotations

from pathlib import Path

from slangtutor.annotate.glosses import Glosses
from slangtutor.annotate.readings import Readings, part_words, phrase_words

WORDS = None  # all of jieba's dictionary (349,045 words; 100,000 cover ~93% of running prose)


def fill_memo(index: Path, count: int | None = WORDS) -> None:
    """Compute and store, in the index file itself, the readings and glosses of the `count`
    most frequent dictionary words (None: all), and the readings of CC-CEDICT's other short
    words and of pypinyin's phrases that no dictionary lists (readings.part_words,
    phrase_words)."""
    from slangtutor import dictionary

    lexicon = dictionary.Lexicon(index, memo=index)
    try:
        words = lexicon.most_frequent(count)
        readings = Readings(lexicon)
        found = readings.get(words)
        # What words jieba's guesser glues are read from without pypinyin (Readings._glued).
        readings.get(part_words(lexicon))
        readings.get(phrase_words(lexicon))
        readings.flush()
        glosses = Glosses(lexicon, {})
        glosses.prefetch((word, found[word], None) for word in words)
        glosses.flush()
        lexicon.mark_memo()
    finally:
        lexicon.close()
