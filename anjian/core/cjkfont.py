"""The CJK font the PDFs embed: Noto Sans SC, from the PyPI package justmytype-intl-cjk.

Why this font: reportlab embeds (and subsets) only TrueType fonts with `glyf` outlines; the
Noto CJK OTF/TTC files (Debian's fonts-noto-cjk, and most CJK fonts on PyPI) are CFF-based and
cannot be embedded by it. Google Fonts' Noto Sans SC is a TrueType *variable* font whose
default instance is Thin (wght 100), so the regular (400) and bold (700) weights are made once
with fontTools' instancer (fontTools comes with justmytype) and kept in a cache folder
(``ANJIAN_FONT_CACHE``, default ``~/.cache/anjian/fonts``); about 30 s per weight the first
time on a machine, a file read after that. Licence: SIL Open Font License 1.1 (the package's
``fonts/ofl/notosanssc/OFL.txt``); embedding in documents is allowed.
"""

import os
import tempfile
import threading
from importlib import metadata, resources
from pathlib import Path

FAMILY = "NotoSansSC"
PACKAGE = "justmytype_intl_cjk"
SOURCE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
WEIGHTS = {FAMILY: 400, f"{FAMILY}-Bold": 700}
STYLES = {400: "Regular", 700: "Bold"}
CACHE_FORMAT = 2  # bump when the instance's making changes
_lock = threading.Lock()


def source_path() -> Path:
    try:
        path = Path(str(resources.files(PACKAGE) / SOURCE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.exists():
        raise RuntimeError(
            "PDF 所需的中文字体缺失：请安装 justmytype-intl-cjk（uv sync），"
            "见 docs/operations.md「文书 PDF 字体」"
        )
    return path


def cache_dir() -> Path:
    configured = os.environ.get("ANJIAN_FONT_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "anjian" / "fonts"


def instance_path(name: str) -> Path:
    """The static instance of one weight, made on first use (atomically: several processes
    may make it at once; each writes its own temporary file and the last rename wins)."""
    version = metadata.version("justmytype-intl-cjk")
    weight = WEIGHTS[name]
    path = cache_dir() / f"{name}-{weight}-{version}-{CACHE_FORMAT}.ttf"
    if path.exists():
        return path
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    path.parent.mkdir(parents=True, exist_ok=True)
    font = instancer.instantiateVariableFont(
        TTFont(str(source_path())), {"wght": weight}, updateFontNames=False
    )
    # its own names (the variable font's are those of its Thin default): reportlab tells
    # the embedded faces apart by PostScript name, and readers show the names
    style = STYLES[weight]
    table = font["name"]
    for rec in list(table.names):
        if rec.nameID in (2, 17):
            table.setName(style, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (4, 6):
            value = f"Noto Sans SC {style}" if rec.nameID == 4 else f"NotoSansSC-{style}"
            table.setName(value, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def register() -> str:
    """Register the family with reportlab (once per process) and return its regular name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if FAMILY not in pdfmetrics.getRegisteredFontNames():
            bold = f"{FAMILY}-Bold"
            pdfmetrics.registerFont(TTFont(bold, str(instance_path(bold))))
            pdfmetrics.registerFont(TTFont(FAMILY, str(instance_path(FAMILY))))
            for b, i, face in ((0, 0, FAMILY), (1, 0, bold), (0, 1, FAMILY), (1, 1, bold)):
                addMapping(FAMILY, b, i, face)
    return FAMILY
