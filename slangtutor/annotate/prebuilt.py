"""The memo shipped inside the dictionary index: readings and glosses of jieba's dictionary
words and readings of the other words prose needs pypinyin for, computed when the wheel is built
(hatch_build.py) by the very code that computes them at run time (Readings, Glosses), so that
prose new to a learner's memo seldom needs pypinyin: the words jieba's guesser glues are read
from their parts' readings. The index records the memo key they were computed for
(slangtutor.dictionary); after any change to that code they are ignored until the index is
built again."""

from __future__ import annotations

from pathlib import Path

from slangtutor.annotate.glosses import Glosses
from slangtutor.annotate.readings import Readings, shipped_words

WORDS = None  # all of jieba's dictionary (349,045 words; 100,000 cover ~93% of running prose)


def fill_memo(index: Path, count: int | None = WORDS, parts: bool = True) -> None:
    """Compute and store, in the index file itself, the readings and glosses of the `count`
    most frequent dictionary words (None: all), and the readings of the other words prose
    needs pypinyin for (readings.shipped_words; `parts`: all of them, else only those the
    reading of glued words depends on)."""
    from slangtutor import dictionary

    lexicon = dictionary.Lexicon(index, memo=index)
    try:
        words = lexicon.most_frequent(count)
        readings = Readings(lexicon)
        found = readings.get(words)
        readings.get(shipped_words(lexicon, parts))
        readings.flush()
        glosses = Glosses(lexicon, {})
        glosses.prefetch((word, found[word], None) for word in words)
        glosses.flush()
        lexicon.mark_memo()
    finally:
        lexicon.close()
