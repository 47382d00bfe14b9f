"""Opening links found in contact data — only web, mail and phone links, never anything else.

Contact data comes from imported files; a crafted vCard could carry ``file:`` or
``javascript:`` URLs. Those are shown as plain text and never handed to the desktop.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import quote

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def safe_url(text: str) -> QUrl | None:
    """The link as a QUrl if it may be opened; None for any other scheme or a malformed link."""
    cleaned = text.strip()
    if not cleaned or any(ch in cleaned for ch in "\r\n\t"):
        return None
    url = QUrl(cleaned, QUrl.ParsingMode.StrictMode)
    if not url.isValid() or url.scheme().lower() not in SAFE_SCHEMES:
        return None
    if url.scheme().lower() in ("http", "https") and not url.host():
        return None
    return url


def web_url(text: str) -> str:
    """A web address as typed ('www.example.com') made absolute."""
    cleaned = text.strip()
    return cleaned if "://" in cleaned or ":" in cleaned.split("/")[0] else f"https://{cleaned}"


def mailto_url(email: str, *, subject: str = "", body: str = "") -> str:
    query = []
    if subject:
        query.append("subject=" + quote(subject))
    if body:
        query.append("body=" + quote(body))
    return f"mailto:{quote(email.strip(), safe='@.+-_')}" + ("?" + "&".join(query) if query else "")


def tel_url(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


def open_link(text: str) -> bool:
    """Open a link with the desktop's handler; refuses (and logs) anything but http(s), mailto, tel."""
    url = safe_url(text)
    if url is None:
        log.warning("refused to open a link with an unsupported scheme: %r", text[:200])
        return False
    return bool(QDesktopServices.openUrl(url))


def link_label(text: str, url: str, parent: QWidget | None = None, *, accessible_name: str = "") -> QLabel:
    """A clickable label for a safe link, or plain text when the link may not be opened."""
    label = QLabel(parent)
    label.setAccessibleName(accessible_name or text)
    if safe_url(url) is None:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(text)
        label.setToolTip("This link is not opened: only web, email and phone links are")
        return label
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>')
    label.setToolTip(url)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    # Our own handler, never Qt's automatic one, so the scheme check always runs.
    label.setOpenExternalLinks(False)
    label.linkActivated.connect(open_link)
    return label
