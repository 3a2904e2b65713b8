"""Comment-style Chinese rendered to images with real fonts, for the OCR tests and benchmark.

The fonts come from the system (CI installs Debian's fonts-noto-cjk, fonts-wqy-microhei and
fonts-noto-color-emoji); a missing font is an error that says what to install, never a skip.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts", Path("/Library/Fonts"),
             Path("/System/Library/Fonts"), Path("C:/Windows/Fonts"))
INSTALL = "apt-get install fonts-noto-cjk fonts-wqy-microhei fonts-noto-color-emoji"
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2764\ufe0f\u200d]+")


class FontMissing(RuntimeError):
    pass


@cache
def _font_files() -> tuple[Path, ...]:
    files: list[Path] = []
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                                text=True, check=False).stdout
        files = [Path(line) for line in listed.splitlines() if line]
    for folder in FONT_DIRS:
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".ttc", ".otf")]
    return tuple(dict.fromkeys(files))


@cache
def cjk_font(family: str, size: int):
    """A Pillow font whose family name contains `family` (e.g. 'Noto Sans CJK SC',
    'WenQuanYi Micro Hei'), at `size` pixels. Raises FontMissing."""
    from PIL import ImageFont

    for path in _font_files():
        for index in range(8 if path.suffix.lower() == ".ttc" else 1):
            try:
                font = ImageFont.truetype(str(path), size, index=index)
            except OSError:
                break
            if family.lower() in font.getname()[0].lower():
                return font
    raise FontMissing(f"no font named {family!r} on this system: {INSTALL}")


@lru_cache(maxsize=1)
def _emoji_font():
    from PIL import ImageFont

    for path in _font_files():
        if "emoji" in path.name.lower() and "color" in path.name.lower():
            return ImageFont.truetype(str(path), 109)  # the one size a CBDT colour font has
    raise FontMissing(f"no colour emoji font on this system: {INSTALL}")


def gold(text: str) -> str:
    """What a reader reads in a rendered line: emoji dropped (they are pictures, not text),
    full-width forms folded to their usual width (NFKC: ！ and ! are one character to a reader)
    and spaces removed (how wide a gap must be to count as a space is a matter of taste)."""
    return "".join(unicodedata.normalize("NFKC", EMOJI.sub("", text)).split())


@dataclass(frozen=True)
class Style:
    size: int = 40
    family: str = "Noto Sans CJK SC"
    ink: tuple = (34, 34, 34)
    paper: tuple = (255, 255, 255)
    width: int = 1080
    spacing: float = 1.7


def draw_line(image, xy, text: str, style: Style) -> None:
    """One line at `xy` (top left): text runs in the CJK font, emoji as colour pictures scaled
    to the text size."""
    from PIL import Image, ImageDraw

    draw = ImageDraw.Draw(image)
    font = cjk_font(style.family, style.size)
    x, y = xy
    position = 0
    for match in [*EMOJI.finditer(text), None]:
        end = match.start() if match else len(text)
        run = text[position:end]
        if run:
            draw.text((x, y), run, font=font, fill=style.ink)
            x += font.getlength(run)
        if match is None:
            break
        picture = Image.new("RGBA", (136, 128), (0, 0, 0, 0))
        ImageDraw.Draw(picture).text((0, 0), match.group().replace("\u200d", ""),
                                     font=_emoji_font(), embedded_color=True)
        side = round(style.size * 1.1)
        picture = picture.crop(picture.getbbox() or (0, 0, 1, 1)).resize((side, side))
        image.paste(picture, (round(x + style.size * 0.1), round(y + style.size * 0.1)),
                    picture)
        x += side + style.size * 0.2
        position = match.end()


def render(lines: list[str], style: Style = Style(), height: int | None = None):
    """An RGB image of `lines`, one under the other, with a margin of one text height."""
    from PIL import Image

    height = height or round(style.size * (2 + style.spacing * len(lines)))
    image = Image.new("RGB", (style.width, height), style.paper)
    for number, line in enumerate(lines):
        draw_line(image, (style.size, round(style.size * (1 + style.spacing * number))), line,
                  style)
    return image


def photo_background(size: tuple[int, int], seed: int = 1):
    """A photo-like background: smooth random colour fields (a blurred, upscaled random
    picture) with grain."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    small = Image.fromarray(rng.integers(60, 200, (6, 9, 3), dtype=np.uint8))
    field = small.resize(size, Image.BICUBIC).filter(ImageFilter.GaussianBlur(25))
    grain = rng.normal(0, 14, (size[1], size[0], 3))
    pixels = np.clip(np.asarray(field, dtype=np.float64) + grain, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def on_photo(lines: list[str], style: Style, seed: int = 1):
    """White text with a dark outline laid over photo_background, as on a RedNote picture."""
    from PIL import ImageFilter

    text = render(lines, Style(**{**style.__dict__, "ink": (255, 255, 255),
                                  "paper": (0, 0, 0)}))
    mask = text.convert("L")
    image = photo_background(text.size, seed)
    shadow = mask.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(1))
    image.paste((20, 20, 20), mask=shadow)
    image.paste((255, 255, 255), mask=mask)
    return image


def screenshot(seed: int = 7, width: int = 1080, height: int = 2400):
    """A 1080x2400 phone screenshot of a comment thread: a title bar, then comments, each a
    grey user name, one or two lines of text with emoji and Latin, and a grey date line."""
    from PIL import Image, ImageDraw

    comments = [
        "u1s1，这家店绝绝子，姐妹们冲！🔥", "蚌埠住了哈哈哈哈哈，笑死我了😂", "我是i人，city不city啊",
        "5201314，祝你们长长久久", "家人们谁懂啊，今天又被老板PUA了", "yyds！这个价格真的太香了",
        "翻墙看了一下，外网都在讨论这件事", "绝了，已经三刷了还想再去", "躺平了，卷不动了💤",
        "这波操作666，学到了", "破防了，谁懂这种感觉啊", "真的会谢，排队排了两个小时",
        "DNA动了！小时候天天看", "求链接！姐妹在哪里买的", "救命，太可爱了吧🥹",
    ]
    names = ["小红薯6F3A", "momo", "爱吃火锅的猫", "Kiki酱", "今天也要早睡", "路人甲"]
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "共 128 条评论", font=cjk_font("Noto Sans CJK SC", 44), fill=(20, 20, 20))
    y = 170
    body = Style(size=42)
    while y < height - 260:
        draw.text((150, y), rng.choice(names), font=cjk_font("Noto Sans CJK SC", 34),
                  fill=(140, 140, 140))
        y += 60
        for _ in range(rng.choice((1, 1, 2))):
            draw_line(image, (150, y), rng.choice(comments), body)
            y += 66
        draw.text((150, y + 4), f"{rng.randint(1, 12)}-{rng.randint(1, 28)} 上海  回复",
                  font=cjk_font("Noto Sans CJK SC", 30), fill=(160, 160, 160))
        draw.text((960, y - 60), str(rng.randint(1, 999)),
                  font=cjk_font("Noto Sans CJK SC", 30), fill=(120, 120, 120))
        y += 96
    return image
