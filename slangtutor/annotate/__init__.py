"""annotate: a pasted comment -> every word with pinyin and a gloss, the slang explained.

The package is split by reason to change:

- `core`: tokens, slang spans, readings and glosses for lines of text (pure; no I/O);
- `detect`: which matches of a dataset form count as slang;
- `readings`, `glosses`: pinyin and CC-CEDICT glosses of ordinary words, memoised;
- `sandhi`: spoken tones for --sandhi;
- `reader`: lines of a byte stream, in bounded pieces;
- `encode`: an annotation as a line of JSON;
- `parallel`: JSON Lines for a large input on every core.
"""

from slangtutor.annotate.core import (
    KINDS,
    Annotation,
    Annotator,
    SlangHit,
    Token,
    kind_of,
    load_annotator,
)
from slangtutor.annotate.detect import SlangIndex, build_index
from slangtutor.annotate.encode import JsonLines
from slangtutor.annotate.glosses import Glosses
from slangtutor.annotate.parallel import PARALLEL_AFTER, json_lines
from slangtutor.annotate.reader import MAX_LINE, InputError, check_text, read_lines
from slangtutor.annotate.readings import Readings
from slangtutor.annotate.sandhi import spoken

__all__ = [
    "KINDS", "MAX_LINE", "PARALLEL_AFTER", "Annotation", "Annotator", "Glosses", "InputError",
    "JsonLines", "Readings", "SlangHit", "SlangIndex", "Token", "build_index", "check_text",
    "json_lines", "kind_of", "load_annotator", "read_lines", "spoken",
]
