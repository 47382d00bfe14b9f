"""Icons: the app icon, the monochrome tray icon and the line icons of the sidebar.

Everything is drawn from SVG, so icons stay sharp on high-DPI screens. Line icons are
drawn in ``currentColor`` and recoloured here from the palette, so they follow light and
dark themes. Run ``python -m ui.icons`` to re-render the app icon's PNG sizes after
editing ``resources/icons/rapport.svg``.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
APP_ICON_NAME = "rapport"
TRAY_ICON_NAME = "rapport-tray"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
TRAY_ICON_SIZES = (16, 22, 24, 32, 48, 64)


def icon_path(name: str, suffix: str = ".svg") -> Path:
    return ICON_DIR / f"{name}{suffix}"


@cache
def _svg_text(name: str) -> str:
    return icon_path(name).read_text(encoding="utf-8")


def render_svg(svg: str, size: QSize, device_pixel_ratio: float = 1.0) -> QPixmap:
    """An SVG drawn into a transparent pixmap of `size` logical pixels."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(
        round(size.width() * device_pixel_ratio),
        round(size.height() * device_pixel_ratio),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def _coloured(svg: str, colour: QColor) -> str:
    """The SVG with currentColor set to `colour` (through the root element's color attribute)."""
    name = colour.name(QColor.NameFormat.HexRgb)
    root = re.search(r"<svg\b[^>]*>", svg)
    assert root is not None, "not an SVG document"
    tag = re.sub(r'\scolor="[^"]*"', "", root.group(0))
    tag = tag.replace("<svg", f'<svg color="{name}"', 1)
    return svg[: root.start()] + tag + svg[root.end() :]


def _palette() -> QPalette:
    app = QGuiApplication.instance()
    return QGuiApplication.palette() if app is not None else QPalette()


@cache
def app_icon() -> QIcon:
    """The application icon: the SVG for any size, plus the pre-rendered PNGs where present."""
    icon = QIcon(str(icon_path(APP_ICON_NAME)))
    for size in APP_ICON_SIZES:
        png = icon_path(f"{APP_ICON_NAME}-{size}", ".png")
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    return icon


def tray_icon(colour: QColor | None = None) -> QIcon:
    """The monochrome tray icon in `colour` (the palette's window text colour by default)."""
    tint = colour or _palette().color(QPalette.ColorRole.WindowText)
    return _line_icon(TRAY_ICON_NAME, tint, None, TRAY_ICON_SIZES)


def themed_icon(name: str, palette: QPalette | None = None, sizes: tuple[int, ...] = (20,)) -> QIcon:
    """A line icon (e.g. 'nav-today') in the palette's text colour, white-on-highlight when selected."""
    colours = palette or _palette()
    return _line_icon(
        name,
        colours.color(QPalette.ColorRole.WindowText),
        colours.color(QPalette.ColorRole.HighlightedText),
        sizes,
    )


def accent_icon(name: str, palette: QPalette | None = None, sizes: tuple[int, ...] = (20, 24)) -> QIcon:
    """A line icon in the palette's link colour, for calls to action."""
    colours = palette or _palette()
    return _line_icon(
        name,
        colours.color(QPalette.ColorRole.Link),
        colours.color(QPalette.ColorRole.HighlightedText),
        sizes,
    )


def tinted_pixmap(name: str, colour: QColor, side: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """One line icon as a pixmap (e.g. a large empty-state illustration)."""
    return render_svg(_coloured(_svg_text(name), colour), QSize(side, side), device_pixel_ratio)


def _screen_ratios() -> set[float]:
    """1x, plus the ratio of every screen: sharp everywhere without rendering sizes nobody uses."""
    ratios = {1.0}
    if QGuiApplication.instance() is not None:
        ratios |= {screen.devicePixelRatio() for screen in QGuiApplication.screens()}
    return ratios


def _line_icon(name: str, colour: QColor, selected: QColor | None, sizes: tuple[int, ...]) -> QIcon:
    # Only the sizes asked for, at the screens' ratios; Qt derives the disabled look itself.
    icon = QIcon()
    normal_svg = _coloured(_svg_text(name), colour)
    selected_svg = _coloured(_svg_text(name), selected) if selected is not None else None
    for side in sizes:
        for ratio in sorted(_screen_ratios()):
            size = QSize(side, side)
            icon.addPixmap(render_svg(normal_svg, size, ratio), QIcon.Mode.Normal)
            if selected_svg is not None:
                icon.addPixmap(render_svg(selected_svg, size, ratio), QIcon.Mode.Selected)
    return icon


def render_app_pngs(folder: Path = ICON_DIR) -> list[Path]:
    """Write rapport-16.png … rapport-256.png from the SVG (for installers and old desktops)."""
    svg = _svg_text(APP_ICON_NAME)
    written = []
    for side in APP_ICON_SIZES:
        target = folder / f"{APP_ICON_NAME}-{side}.png"
        render_svg(svg, QSize(side, side)).save(str(target), "PNG")
        written.append(target)
    return written


if __name__ == "__main__":
    _app = QGuiApplication(sys.argv[:1])
    for path in render_app_pngs():
        print(path)
