"""What the “Share something” dialog does: suggest recipients, copy the text, open an email draft.

Sending by either way saves the share (one per link) and logs it as sent to every
person ticked — a touch each — then tells the rest of the window through
``interaction_logged``. People who have just received it leave the suggestions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from connectors.mailto import mailto_url
from core.sharing import parse_topics, share_message
from models.entities import Share
from services.contacts import ContactError
from services.shares import ShareInput, emails_of, find_share, save_share, send_share, suggest_for, topics_of
from ui.context import AppContext

if TYPE_CHECKING:
    from ui.share_dialog import ShareDialog

DEFAULT_SUBJECT = "Thought you'd like this"
SUGGESTIONS_SHOWN = 100  # enough to choose from; the coldest and most important come first


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _sentence(text: str) -> str:
    """An error message starts a sentence: capitalised, the rest left as written ('URL' stays)."""
    return text[:1].upper() + text[1:]


def mailto_for(addresses: list[str], subject: str, body: str) -> str:
    """One recipient in To; several in Bcc, so nobody sees the others' addresses."""
    if len(addresses) <= 1:
        return mailto_url(addresses, subject, body)
    draft = mailto_url("", subject, body)
    bcc = "bcc=" + ",".join(quote(address, safe="@") for address in addresses)
    return draft + ("&" if "?" in draft else "?") + bcc


class ShareController(QObject):
    def __init__(self, context: AppContext, dialog: ShareDialog) -> None:
        super().__init__(dialog)
        self.context = context
        self.dialog = dialog
        self.last_mailto = ""
        dialog.suggest_button.clicked.connect(self.suggest)
        dialog.copy_button.clicked.connect(self.copy_text)
        dialog.email_button.clicked.connect(self.email)
        dialog.url_edit.editingFinished.connect(self.fill_saved_share)
        dialog.topics_edit.returnPressed.connect(self.suggest)

    # --- reading the form -----------------------------------------------------------------

    def _url(self) -> str:
        return self.dialog.url_edit.text().strip()

    def _topics(self) -> list[str]:
        return parse_topics(self.dialog.topics_edit.text())

    def _message(self, share: Share) -> str:
        return share_message(share.title, share.url, share.note)

    def _say(self, text: str) -> None:
        self.dialog.status.setText(text)

    def fill_saved_share(self) -> None:
        """A link saved before brings back its title, topics and note, where the form is empty."""
        url = self._url()
        if not url:
            return
        try:
            share = find_share(url)
        except ValueError:
            return
        if share is None:
            return
        if not self.dialog.title_edit.text().strip():
            self.dialog.title_edit.setText(share.title)
        if not self.dialog.topics_edit.text().strip():
            self.dialog.topics_edit.setText(", ".join(topics_of(share)))
        if not self.dialog.note_edit.toPlainText().strip():
            self.dialog.note_edit.setPlainText(share.note)

    # --- actions --------------------------------------------------------------------------

    def suggest(self) -> None:
        topics = self._topics()
        if not topics:
            self.dialog.model.set_rows([])
            self.dialog.count_label.setText("")
            self._say("Add a topic or two: they are matched with your contacts' tags.")
            return
        try:
            rows = suggest_for(self.context.store, topics, url=self._url() or None, limit=SUGGESTIONS_SHOWN)
        except ValueError as error:
            self._say(_sentence(str(error)))
            return
        self.dialog.model.set_rows(rows)
        tagged = ", ".join(topics)
        if len(rows) == SUGGESTIONS_SHOWN:
            self.dialog.count_label.setText(f"The {len(rows)} people tagged {tagged} who need it most")
        elif rows:
            self.dialog.count_label.setText(f"{_people(len(rows))} tagged {tagged}, coldest first")
            self._say("Tick the people you send it to: each counts as a touch.")
        else:
            self.dialog.count_label.setText("")
            self._say(f"Nobody tagged {', '.join(topics)} is waiting for this one.")

    def _save(self) -> Share | None:
        data = ShareInput(
            url=self._url(),
            title=self.dialog.title_edit.text(),
            topics=self._topics(),
            note=self.dialog.note_edit.toPlainText(),
        )
        try:
            return save_share(self.context.store, data)
        except (ValueError, ContactError) as error:
            self._say(_sentence(str(error)) + ".")
            self.dialog.url_edit.setFocus()
            return None

    def _log_sent(self, share: Share, contact_ids: list[int]) -> list[int]:
        sent = send_share(self.context.store, share, contact_ids) if contact_ids else []
        if sent:
            self.dialog.model.remove_ids(sent)
            self.context.interaction_logged.emit(sent)
            self.context.status_message.emit(f"Shared “{share.title or share.url}” with {_people(len(sent))}")
        else:
            self.context.data_changed.emit()  # the share itself is new or changed
        return sent

    def copy_text(self) -> None:
        share = self._save()
        if share is None:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self._message(share))
        sent = self._log_sent(share, self.dialog.model.checked_ids())
        if sent:
            self._say(f"Copied. Logged as sent to {_people(len(sent))}: paste it into your messages to them.")
        else:
            self._say("Copied, and the link is saved. Tick who you send it to: each counts as a touch.")

    def email(self) -> None:
        share = self._save()
        if share is None:
            return
        chosen = self.dialog.model.checked_ids()
        addresses = emails_of(chosen)
        with_email = [cid for cid in chosen if cid in addresses]
        self.last_mailto = mailto_for(
            [addresses[cid] for cid in with_email], share.title or DEFAULT_SUBJECT, self._message(share)
        )
        QDesktopServices.openUrl(QUrl.fromEncoded(self.last_mailto.encode("ascii")))
        sent = self._log_sent(share, with_email)
        without = len(chosen) - len(with_email)
        if without:
            self._say(
                f"Email draft opened for {_people(len(sent))}. {_people(without)} ticked "
                f"{'has' if without == 1 else 'have'} no email address: copy the text for them."
            )
        elif sent:
            self._say(f"Email draft opened, and logged as sent to {_people(len(sent))}.")
        else:
            self._say("Email draft opened; pick the recipients in your mail app.")
