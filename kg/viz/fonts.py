"""A CJK font for matplotlib, so figures draw Chinese as Chinese and not as empty boxes.

kg depends on ``pylopdf-fonts-zh-cn``, which ships Noto Sans SC (SIL Open Font License
1.1, 30,890 characters); it is registered with matplotlib here, since matplotlib only
looks in the system's font folders. A system CJK font is used when that package is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from kg.errors import KGError

# Fonts with full simplified-Chinese coverage, most preferred first: the one kg's
# dependency ships, then what Debian (fonts-noto-cjk, fonts-wqy-zenhei), macOS and Windows have.
CJK_FAMILIES = (
    "Noto Sans SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)
PROBE = "党支部主题党日组织部县委"  # a font must have glyphs for all of these to be chosen
_FIX = (
    "install kg with its dependencies (`pip install pylopdf-fonts-zh-cn` ships Noto Sans SC) "
    "or a system CJK font (Debian: `apt-get install fonts-noto-cjk`)"
)


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with an installed CJK font; return the font's family.

    The font goes first in ``font.sans-serif``, the fonts that were there stay behind it
    as fallbacks, and ``font.family`` becomes sans-serif. The search runs once per process.

    Raises:
        KGError: no installed font has glyphs for Chinese; the message says what to install.

    Example:
        >>> use_cjk_font()  # doctest: +SKIP
        'Noto Sans SC'
    """
    import matplotlib as mpl

    family = _cjk_family()
    rest = [name for name in mpl.rcParams["font.sans-serif"] if name != family]
    mpl.rcParams["font.sans-serif"] = [family, *rest]
    mpl.rcParams["font.family"] = "sans-serif"
    return family


@functools.cache
def _cjk_family() -> str:
    from matplotlib import font_manager

    for path in _bundled_fonts():
        font_manager.fontManager.addfont(str(path))
    family = first_covering(_installed_fonts(), CJK_FAMILIES)
    if family is None:
        raise KGError(f"no font with Chinese glyphs for matplotlib figures: {_FIX}")
    return family


def _bundled_fonts() -> list[Path]:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return []
    return [pylopdf_fonts_zh_cn.sans_path()]


def _installed_fonts() -> list[tuple[str, str]]:
    """(family, file) of every font matplotlib knows."""
    from matplotlib import font_manager

    return [(entry.name, entry.fname) for entry in font_manager.fontManager.ttflist]


def first_covering(fonts: Iterable[tuple[str, str]], families: Iterable[str]) -> str | None:
    """The first of ``families`` among ``fonts`` (family, file) with glyphs for :data:`PROBE`.

    A font that has the name but not the glyphs is passed over.
    """
    from matplotlib import ft2font

    files: dict[str, list[str]] = {}
    for family, path in fonts:
        files.setdefault(family, []).append(path)
    for family in families:
        for path in files.get(family, []):
            charmap = ft2font.FT2Font(path).get_charmap()
            if all(ord(char) in charmap for char in PROBE):
                return family
    return None
