"""annotate --image: real renders of comment-style Chinese read back through the CLI.

Images are drawn with Pillow and real system fonts (tests/ocr_images.py), read with
`annotate --image --json`, and compared with the rendered text by edit distance. Character
accuracy = 1 - (edit distance / characters), over emoji-free, NFKC-folded, space-free text
(ocr_images.gold). Figures print with `python -m pytest -q -s tests/test_ocr.py`.

The OCR tests skip only where the ocr extra is not installed; a missing font fails them.
"""

import importlib.util
import io
import json
import sys
from pathlib import Path

import ocr_images  # tests/ocr_images.py: pytest puts this folder on sys.path
import pytest
from ocr_images import Style
from rapidfuzz.distance import Levenshtein
from typer.testing import CliRunner

from slangtutor.annotate import ocr
from slangtutor.cli import app

HAVE_OCR = importlib.util.find_spec("rapidocr_onnxruntime") is not None
needs_ocr = pytest.mark.skipif(
    not HAVE_OCR, reason="the ocr extra is not installed (pip install 'slangtutor[ocr]')")
runner = CliRunner()

# Written for these tests: comment-style lines as RedNote users type them. Gloss in comments.
LIGHT = [
    "这家店绝绝子，姐妹们冲！🔥",  # this shop is amazing, sisters, go!
    "蚌埠住了哈哈哈，笑死我了😂",  # I can't keep it together, lol
    "我是i人，city不city啊",  # I'm an introvert; is it city or not
    "yyds！这个价格真的太香了",  # the GOAT! this price is so tempting
]
DARK_TRADITIONAL = [
    "這個真的太好看了吧！😍",  # this is really too good-looking!
    "覺得還是這樣吧，謝謝",  # I think it's still like this, thanks
    "yyds，台灣的朋友們好",  # the GOAT; hello, friends in Taiwan
]
SMALL = [
    "家人们谁懂啊，今天又加班到十点",  # folks, who gets it: overtime until ten again
    "破防了，真的会谢🙏",  # I'm shattered, thanks a lot (sarcastic)
    "DNA动了！小时候天天看",  # my DNA stirred! I watched it every day as a kid
]
LARGE = ["躺平了，卷不动了💤", "这波操作666"]  # lying flat, can't compete; that move was 666

CLEAN = {
    "light.png": (LIGHT, Style(size=40)),
    "dark-traditional.png": (DARK_TRADITIONAL, Style(size=36, family="Noto Sans CJK TC",
                                                     ink=(232, 232, 232), paper=(24, 24, 24))),
    "small.png": (SMALL, Style(size=18, family="WenQuanYi Micro Hei", ink=(60, 60, 60),
                               paper=(246, 246, 246))),
    "large.png": (LARGE, Style(size=88, ink=(255, 255, 255), paper=(254, 44, 85))),
}


def accuracy(pairs) -> float:
    """Character accuracy over (gold, read) text pairs: 1 - total edits / total characters."""
    edits = sum(Levenshtein.distance(g, r) for g, r in pairs)
    return 1 - edits / sum(len(g) for g, _ in pairs)


def read_back(paths, *options):
    """Run annotate --image --json on the paths: {image: [line objects]}, in output order."""
    args = ["annotate", "--json", *options]
    for path in paths:
        args += ["--image", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    by_image: dict[str, list[dict]] = {str(p): [] for p in paths}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        by_image[record["image"]].append(record)
    return by_image


def compare(folder: Path, cases: dict, label: str) -> float:
    paths = [folder / name for name in cases]
    found = read_back(paths)
    pairs = []
    for path, (lines, _) in zip(paths, cases.values()):
        want = ocr_images.gold("".join(lines))
        got = ocr_images.gold("".join(r["text"] for r in found[str(path)]))
        pairs.append((want, got))
        print(f"\n{label} {path.name}: {accuracy([(want, got)]):.1%}  read {got!r}")
    total = accuracy(pairs)
    print(f"\n{label} overall character accuracy: {total:.2%} "
          f"({sum(len(g) for g, _ in pairs)} characters)")
    return total


@pytest.fixture(autouse=True)
def lexicon_env(lexicon_dir, monkeypatch):
    monkeypatch.setenv("SLANGTUTOR_LEXICON_DIR", str(lexicon_dir))


@pytest.fixture(scope="module")
def clean_images(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    for name, (lines, style) in CLEAN.items():
        ocr_images.render(lines, style).save(folder / name)
    return folder


def model_characters() -> set[str]:
    """The characters the recognition model can output (its CTC dictionary)."""
    import onnxruntime
    from rapidocr_onnxruntime.main import root_dir

    session = onnxruntime.InferenceSession(str(root_dir / "models/ch_PP-OCRv4_rec_infer.onnx"))
    return set(session.get_modelmeta().custom_metadata_map["character"].splitlines())


# -- accuracy --------------------------------------------------------------------------------


@needs_ocr
def test_clean_lines_use_characters_the_model_has():
    """The clean set measures reading, not the character set: its traditional characters are
    ones PP-OCRv4 knows (those it lacks are measured below)."""
    text = "".join(ocr_images.gold("".join(lines)) for lines, _ in CLEAN.values())
    assert set(text) <= model_characters() | {"!", ",", "?"}


@needs_ocr
def test_clean_renders_read_at_least_98_percent(clean_images):
    assert compare(clean_images, CLEAN, "clean") >= 0.98


@needs_ocr
def test_noisy_renders_figures(tmp_path):
    """Scaled down, JPEG-compressed, and white outlined text on a photo-like background.
    The figures are reported; the floor only catches a pipeline that stopped reading."""
    from PIL import Image

    light = ocr_images.render(LIGHT, Style(size=40))
    light.resize((light.width * 3 // 5, light.height * 3 // 5), Image.BILINEAR).save(
        tmp_path / "scaled.png")
    ocr_images.render(SMALL, Style(size=30)).save(tmp_path / "jpeg.jpg", quality=30)
    photo = ["周末去露营⛺，绝绝子", "姐妹们冲！拍照真的出片"]  # weekend camping, amazing; go!
    ocr_images.on_photo(photo, Style(size=56)).save(tmp_path / "photo.webp", quality=80)
    cases = {"scaled.png": (LIGHT, None), "jpeg.jpg": (SMALL, None),
             "photo.webp": (photo, None)}
    assert compare(tmp_path, cases, "noisy") >= 0.85


@needs_ocr
def test_characters_outside_the_models_set_are_reported(tmp_path):
    """PP-OCRv4's character set lacks some common traditional characters (說 沒 讓 麼 牆 絕):
    they cannot be read. This measures it rather than hiding it."""
    lines = ["你說什麼？沒事，翻牆看看", "讓我想想，絕了"]  # what did you say? ... amazing
    assert set("說麼沒牆讓絕").isdisjoint(model_characters())
    ocr_images.render(lines, Style(size=40, family="Noto Sans CJK TC")).save(tmp_path / "t.png")
    figure = compare(tmp_path, {"t.png": (lines, None)}, "outside-set traditional")
    assert 0.3 <= figure < 0.98


# -- the command -----------------------------------------------------------------------------


@needs_ocr
def test_json_lines_carry_box_score_image_and_the_usual_annotation(clean_images):
    path = clean_images / "light.png"
    records = read_back([path])[str(path)]
    width, height = 1080, round(40 * (2 + 1.7 * len(LIGHT)))
    assert len(records) == len(LIGHT)
    tops = [r["box"][1] for r in records]
    assert tops == sorted(tops)  # top to bottom
    for record, line in zip(records, LIGHT):
        x0, y0, x1, y1 = record["box"]
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert 0.5 <= record["score"] <= 1
        assert record["image"] == str(path)
        assert set(record) == {"text", "tokens", "slang", "box", "score", "image"}
        assert "".join(t["text"] for t in record["tokens"]) == record["text"]
    # 绝绝子, 蚌埠住了 and yyds are in the shipped decks: found as slang from the picture.
    terms = {s["term"] for r in records for s in r["slang"]}
    assert {"绝绝子", "蚌埠住了", "yyds"} <= terms


@needs_ocr
def test_human_output_is_the_text_display(clean_images):
    result = runner.invoke(app, ["annotate", "--colors", "none", "--image",
                                 str(clean_images / "large.png")])
    assert result.exit_code == 0, result.output
    assert "tǎng píng" in result.stdout and "躺平" in result.stdout
    assert "slang" in result.stdout


@needs_ocr
def test_a_folder_is_read_in_name_order_and_bad_files_are_named(clean_images, tmp_path):
    folder = tmp_path / "shots"
    folder.mkdir()
    (folder / "b.png").write_bytes((clean_images / "large.png").read_bytes())
    (folder / "a.png").write_bytes((clean_images / "small.png").read_bytes())
    (folder / "notes.txt").write_text("not an image")
    (folder / "c.jpg").write_text("this is text, not a JPEG")
    result = runner.invoke(app, ["annotate", "--json", "--image", str(folder)])
    assert result.exit_code == 1
    images = [json.loads(line)["image"] for line in result.stdout.splitlines()]
    assert images == sorted(images) and {Path(i).name for i in images} == {"a.png", "b.png"}
    assert result.stderr.count("error:") == 1
    assert f"{folder / 'c.jpg'}: not an image" in result.stderr
    assert "Traceback" not in result.output


@needs_ocr
def test_an_image_without_text_is_noted(tmp_path):
    from PIL import Image

    Image.new("RGB", (400, 300), "white").save(tmp_path / "blank.png")
    result = runner.invoke(app, ["annotate", "--image", str(tmp_path / "blank.png")])
    assert result.exit_code == 0
    assert "no text found" in result.stderr and result.stdout == ""


def _bad_files(tmp_path: Path) -> dict[str, str]:
    """Each bad file and the words its one-line error must contain."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(png, "PNG")
    (tmp_path / "cut.png").write_bytes(png.getvalue()[:120])
    (tmp_path / "text.png").write_text("not an image")
    Image.new("RGB", (20, 20)).save(tmp_path / "anim.gif")
    Image.new("1", (17_000, 4)).save(tmp_path / "wide.png")
    Image.new("1", (7_000, 7_000)).save(tmp_path / "huge.png")
    (tmp_path / "empty").mkdir()
    return {"cut.png": "damaged", "text.png": "not an image", "anim.gif": "a GIF image",
            "wide.png": "too large", "huge.png": "too large", "missing.png": "file not found",
            "empty": "no PNG, JPEG or WebP images"}


@needs_ocr  # Pillow comes with the extra
@pytest.mark.parametrize("name", ["cut.png", "text.png", "anim.gif", "wide.png", "huge.png"])
def test_bad_images_are_refused_in_one_line(tmp_path, name):
    expected = _bad_files(tmp_path)[name]
    with pytest.raises(ocr.ImageError) as caught:
        ocr.load_pixels(tmp_path / name)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / name)) and expected in message
    assert "\n" not in message


@needs_ocr
@pytest.mark.parametrize("name", ["cut.png", "missing.png", "empty"])
def test_bad_images_exit_1_with_the_file_named(tmp_path, name):
    expected = _bad_files(tmp_path)[name]
    result = runner.invoke(app, ["annotate", "--image", str(tmp_path / name)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: {tmp_path / name}") and expected in lines[-1]
    assert "Traceback" not in result.output


def test_without_the_extra_one_line_says_how_to_install(monkeypatch, tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # never opened: no engine
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails
    ocr.shared_recogniser.cache_clear()
    try:
        result = runner.invoke(app, ["annotate", "--image", str(tmp_path / "a.png")])
    finally:
        ocr.shared_recogniser.cache_clear()
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: --image needs the ocr extra (rapidocr_onnxruntime is not installed): "
        "pip install 'slangtutor[ocr]'")


def test_image_and_text_together_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["annotate", "躺平", "--image", str(tmp_path / "a.png")])
    assert result.exit_code == 2


# -- reading order ---------------------------------------------------------------------------


def piece(text, x0, y0, x1, y1, score=0.9):
    return ocr.Piece(text, x0, y0, x1, y1, score)


def test_boxes_on_one_visual_line_merge_left_to_right():
    lines = ocr.reading_order([
        piece("笑死", 300, 12, 380, 52),  # "dying of laughter", after an emoji gap
        piece("下一行", 10, 80, 130, 120),  # next line
        piece("哈哈哈", 10, 10, 250, 50, score=0.5),  # "hahaha"
        piece("75", 900, 15, 940, 48),  # a like count at the far right
    ], "a.png")
    assert [line.text for line in lines] == ["哈哈哈笑死 75", "下一行"]
    assert lines[0].box == (10, 10, 940, 52)
    assert lines[0].score == pytest.approx((0.5 * 3 + 0.9 * 2 + 0.9 * 2) / 7)
    assert lines[1].image == "a.png"


def test_latin_pieces_are_joined_with_a_space():
    lines = ocr.reading_order([piece("city", 150, 0, 230, 40), piece("hello", 10, 2, 110, 38)])
    assert [line.text for line in lines] == ["hello city"]


def test_lines_that_barely_touch_stay_apart():
    lines = ocr.reading_order([piece("上面", 10, 0, 100, 40), piece("下面", 10, 35, 100, 75)])
    assert [line.text for line in lines] == ["上面", "下面"]


@needs_ocr
def test_on_a_terminal_the_bar_goes_to_stderr_and_json_to_stdout(clean_images, tmp_path):
    """A real pseudo-terminal on stderr, stdout to a file: the bar is drawn on the terminal
    and every JSON line still reaches the file."""
    import os
    import pty
    import subprocess
    import threading

    master, slave = pty.openpty()
    seen = bytearray()

    def drain():
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            seen.extend(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out = tmp_path / "out.jsonl"
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "slangtutor", "annotate", "--json", "--image",
             str(clean_images)], stdout=stdout, stderr=slave, stdin=subprocess.DEVNULL,
            check=False,
            env={**os.environ, "TERM": "xterm", "PYTHONIOENCODING": "utf-8"}, timeout=300)
    os.close(slave)
    reader.join(5)
    os.close(master)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert done.returncode == 0
    assert {Path(r["image"]).name for r in records} == set(CLEAN)
    terminal = seen.decode("utf-8", "replace")
    assert "Loading the OCR model" in terminal and "Reading images" in terminal
    assert '"tokens"' not in terminal


def test_help_names_the_option_and_the_extra():
    result = runner.invoke(app, ["annotate", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--image" in result.output and "pip install 'slangtutor[ocr]'" in result.output


def test_save_puts_a_screenshots_slang_on_the_reading_list(tmp_path, isolated_home):
    import sqlite3

    path = tmp_path / "shot.png"
    ocr_images.render(["这个视频我蚌埠住了", "今天也要躺平"]).save(path)
    result = runner.invoke(app, ["annotate", "--save", "--image", str(path)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(isolated_home / "progress.sqlite3") as conn:
        saved = conn.execute("SELECT entry_id, source FROM reads ORDER BY id").fetchall()
    assert ("bengbu-zhu-le", str(path)) in saved
