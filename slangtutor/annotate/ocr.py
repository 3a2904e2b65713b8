"""Screenshots -> lines of text in reading order, recognised offline (the `ocr` extra).

Recognition is RapidOCR (rapidocr-onnxruntime): PP-OCRv4's Chinese detection and recognition
models, shipped inside its wheel and run by ONNX Runtime on the CPU; nothing is downloaded.
Images are opened by Pillow here, so that a bad file is named in one line, and the engine is
given pixels only. Pure apart from reading the image files: no terminal I/O.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from slangtutor.errors import SlangTutorError

INSTALL_HINT = "pip install 'slangtutor[ocr]'"
SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "WEBP": "WebP"}
MAX_SIDE = 16_384  # pixels; a longer side is refused (long phone captures stay well below)
MAX_PIXELS = 40_000_000  # about 8 phone screenshots' worth; more is refused, not decoded
MAX_FILE_BYTES = 100 << 20
# The detector sees the image with its shorter side at most this long (a 1080x2400 screenshot
# as 480x1067): a fifth of the work at full size, and text rendered 16 px high on a 1080 px
# wide image is still found (7 px there). The lines are then read from the full-size pixels.
DETECT_SHORT_SIDE = 480
# Lines are read at 40 px high, not the 48 px the model was trained at: a quarter less work,
# and on our renders (tests/test_ocr.py) and the benchmark screenshot it reads the same
# characters (on the dark and photo renders, two punctuation errors fewer).
REC_HEIGHT = 40


class OcrUnavailable(SlangTutorError):
    """The ocr extra is not installed."""

    def __init__(self, missing: str):
        import sys

        hint = INSTALL_HINT
        if sys.version_info >= (3, 13):  # rapidocr-onnxruntime 1.4 is built for 3.12 at most
            hint += " under Python 3.12 or older"
        super().__init__(f"--image needs the ocr extra ({missing} is not installed): {hint}")


class ImageError(SlangTutorError):
    """An image that cannot be read: missing, not an image, damaged, too large."""


@dataclass(frozen=True, slots=True)
class TextLine:
    """One visual line of an image: its text, its box (x0, y0, x1, y1 in the image's pixels),
    the recognition confidence (0 to 1) and the image's file name as given."""

    text: str
    box: tuple[int, int, int, int]
    score: float
    image: str

    def to_dict(self) -> dict:
        return {"box": list(self.box), "score": round(self.score, 4), "image": self.image}


# ---------------------------------------------------------------------------------------------
# Files


def image_files(paths: Iterable[Path]) -> list[Path]:
    """The images to read: each file as given, and a folder's PNG, JPEG and WebP files
    (by name, sorted; not its subfolders). Raises ImageError for a path that does not exist
    or a folder without images."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                inside = sorted(p for p in path.iterdir()
                                if p.suffix.lower() in SUFFIXES and p.is_file())
            except OSError as error:
                raise ImageError(f"{path}: cannot list the folder ({error.strerror})") from None
            if not inside:
                raise ImageError(f"{path}: no PNG, JPEG or WebP images in this folder")
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise ImageError(f"{path}: file not found")
    return found


def load_pixels(path: Path):
    """The image at `path` as a BGR uint8 array (upright by its EXIF orientation, transparency
    laid on white). Raises ImageError, naming the file, for anything but a readable PNG, JPEG
    or WebP image of at most MAX_SIDE x MAX_SIDE and MAX_PIXELS pixels."""
    import warnings

    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        if not path.is_file():
            raise ImageError(f"{path}: not a file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImageError(f"{path}: larger than {MAX_FILE_BYTES >> 20} MB; not read")
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind = FORMATS.get(image.format or "")
                if kind is None:
                    raise ImageError(f"{path}: a {image.format or 'unknown'} image; --image "
                                     "reads PNG, JPEG and WebP")
                width, height = image.size
                if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                    raise ImageError(f"{path}: {width}x{height} pixels is too large (at most "
                                     f"{MAX_SIDE} a side and {MAX_PIXELS // 1_000_000} million "
                                     "in all)")
                if width < 1 or height < 1:
                    raise ImageError(f"{path}: the image is empty")
                image.load()
                image = ImageOps.exif_transpose(image)
                if image.mode != "RGB":
                    rgba = image.convert("RGBA")
                    image = Image.new("RGB", rgba.size, "white")
                    image.paste(rgba, mask=rgba.getchannel("A"))
                pixels = np.asarray(image)
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError(f"{path}: not an image (PNG, JPEG or WebP)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"{path}: too many pixels to decode safely") from None
    except PermissionError:
        raise ImageError(f"{path}: cannot read (permission denied)") from None
    except (OSError, SyntaxError, ValueError) as error:  # truncated or damaged data
        detail = " ".join(str(error).split()) or type(error).__name__
        raise ImageError(f"{path}: damaged or unreadable image ({detail})") from None
    return np.ascontiguousarray(pixels[:, :, ::-1])


# ---------------------------------------------------------------------------------------------
# Reading order

_CLOSE_JOIN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True, slots=True)
class Piece:
    """One detected box and its recognised text."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float


def reading_order(pieces: Sequence[Piece], image: str = "") -> list[TextLine]:
    """Pieces -> visual lines, top to bottom, each read left to right.

    A piece joins a line when the two overlap vertically by at least half the shorter one's
    height. Within a line, pieces are joined directly when the gap between them is under
    1.5 text heights and either side is Chinese (an emoji or a wide space split them), and
    with one space otherwise. A line's score is its pieces' scores weighted by their lengths.
    """
    lines: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: ((p.y0 + p.y1) / 2, p.x0)):
        for line in lines:
            top = min(p.y0 for p in line)
            bottom = max(p.y1 for p in line)
            overlap = min(bottom, piece.y1) - max(top, piece.y0)
            if overlap >= 0.5 * min(bottom - top, piece.y1 - piece.y0):
                line.append(piece)
                break
        else:
            lines.append([piece])
    result = []
    for line in lines:
        line.sort(key=lambda p: p.x0)
        text = line[0].text
        for before, after in itertools.pairwise(line):
            height = max(before.y1 - before.y0, after.y1 - after.y0)
            close = after.x0 - before.x1 < 1.5 * height
            chinese = _CLOSE_JOIN.match(before.text[-1:]) or _CLOSE_JOIN.match(after.text[:1])
            text += after.text if close and chinese else " " + after.text
        weight = sum(len(p.text) for p in line) or 1
        score = sum(p.score * len(p.text) for p in line) / weight
        box = (round(min(p.x0 for p in line)), round(min(p.y0 for p in line)),
               round(max(p.x1 for p in line)), round(max(p.y1 for p in line)))
        result.append(TextLine(text, box, score, image))
    result.sort(key=lambda t: (t.box[1], t.box[0]))
    return result


# ---------------------------------------------------------------------------------------------
# Recognition


class Recogniser:
    """The OCR engine, loaded once (about half a second), then used for every image.

    Raises OcrUnavailable when the ocr extra is missing."""

    def __init__(self, threads: int | None = None):
        try:
            import numpy  # noqa: F401
            import onnxruntime  # noqa: F401
            from rapidocr_onnxruntime import RapidOCR
            from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess
        except ImportError as error:
            raise OcrUnavailable(error.name or "rapidocr-onnxruntime") from None
        import logging

        threads = threads or min(os.cpu_count() or 1, 4)
        _quiet_threads()
        # max_side_len: never shrink the picture the lines are read from (load_pixels bounds
        # it); the detector's own scale is set per image below.
        self._engine = RapidOCR(max_side_len=MAX_SIDE, intra_op_num_threads=threads,
                                inter_op_num_threads=1)
        for name in ("RapidOCR", "OrtInferSession"):
            logging.getLogger(name).setLevel(logging.ERROR)
        detector = self._engine.text_det
        self._engine.text_rec.rec_image_shape = [3, REC_HEIGHT, 320]

        def detect_scale(longest: int, detector=detector):
            # RapidOCR 1.4.4 picks the detector's input size from the image's longer side
            # alone; a phone screenshot is tall, so ours is set from the shorter side.
            limit = longest * min(1.0, DETECT_SHORT_SIDE / max(self._shorter, 1))
            return DetPreProcess(max(32, round(limit)), "max", detector.mean, detector.std)

        self._shorter = 0
        detector.get_preprocess = detect_scale

    def read(self, path: Path, label: str | None = None) -> list[TextLine]:
        """The lines of text in the image at `path`, in reading order (none for an image
        without text). Raises ImageError for an unusable file."""
        pixels = load_pixels(path)
        height, width = pixels.shape[:2]
        self._shorter = min(height, width)
        try:
            # The angle classifier is skipped: screenshots are upright, and it flips
            # short lines of mixed script now and then.
            found, _ = self._engine(pixels, use_cls=False)
        except Exception as error:  # noqa: BLE001 - engine failures name the file
            detail = " ".join(str(error).split())[:200] or type(error).__name__
            raise ImageError(f"{path}: the OCR engine failed on this image ({detail})") from None
        pieces = []
        for points, text, score in found or ():
            text = " ".join(str(text).split())
            if not text:
                continue
            xs = [float(x) for x, _ in points]
            ys = [float(y) for _, y in points]
            pieces.append(Piece(text, min(xs), min(ys), max(xs), max(ys), float(score)))
        return reading_order(pieces, str(path) if label is None else label)


def check_available() -> None:
    """Raise OcrUnavailable now, without loading anything, when the extra is missing."""
    import importlib.util

    for name in ("rapidocr_onnxruntime", "onnxruntime", "numpy", "PIL"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise OcrUnavailable(name)


@functools.lru_cache(maxsize=1)
def shared_recogniser() -> Recogniser:
    """One Recogniser per process: the models are loaded on first use only."""
    return Recogniser()


def is_loaded() -> bool:
    return shared_recogniser.cache_info().currsize > 0


def _quiet_threads() -> None:
    """ONNX Runtime's worker threads spin while they wait, by default; on a busy machine (or
    in CI) the spinning steals the cores the work needs, and two threads end slower than one.
    RapidOCR 1.4.4 builds every session's options in one function, wrapped here once to turn
    spinning off."""
    from rapidocr_onnxruntime.utils import infer_engine

    session = infer_engine.OrtInferSession
    if getattr(session._init_sess_opts, "_slangtutor", False):
        return
    build = session._init_sess_opts

    def options(config):
        made = build(config)
        made.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return made

    options._slangtutor = True
    session._init_sess_opts = staticmethod(options)
