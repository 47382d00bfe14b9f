"""“Share something”: suggestions, copying the text and the email draft, each send logged as a touch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from models.entities import ShareRecipient
from services.contacts import ContactInput, create_contact
from services.shares import find_share, recent_shares
from services.store import Store
from services.timeline import timeline_of
from services.touches import log_interaction
from tests.ui.conftest import SHELL_NOW
from ui.share_controller import mailto_for
from ui.share_dialog import ShareDialog, open_share_dialog
from ui.suggestions_model import SuggestionColumn


@pytest.fixture
def share_people(shell_store: Store) -> dict[str, int]:
    """Ana (Inner, cold, with email), Ben (Close, warm, with email), Cleo (Network, no email)."""
    ids = {}
    for name, circle, tags, emails, days in (
        ("Ana Silva", "Inner", ["AI"], ["ana@example.com"], 30),
        ("Ben Okoro", "Close", ["ai", "hiring"], ["ben@example.com"], 2),
        ("Cleo Park", "Network", ["AI"], [], 120),
        ("Dora Lind", "Close", ["design"], [], 90),
    ):
        contact = create_contact(
            shell_store, ContactInput(display_name=name, circle=circle, tags=tags, emails=emails)
        )
        log_interaction(shell_store, [contact], "call", when=SHELL_NOW - timedelta(days=days))
        ids[name] = contact.id
    return ids


@pytest.fixture
def dialog(qtbot, shell_context, share_people) -> Iterator[ShareDialog]:
    opened = open_share_dialog(shell_context)
    qtbot.addWidget(opened)
    yield opened


def _fill(dialog: ShareDialog, url: str = "example.org/llm-evals", topics: str = "AI") -> None:
    dialog.url_edit.setText(url)
    dialog.title_edit.setText("LLM evals")
    dialog.topics_edit.setText(topics)
    dialog.note_edit.setPlainText("Thought of you")


def _names(dialog: ShareDialog) -> list[str]:
    return [row.name for row in dialog.model.rows()]


def _tick(dialog: ShareDialog, *names: str) -> None:
    for row, suggestion in enumerate(dialog.model.rows()):
        if suggestion.name in names:
            index = dialog.model.index(row, SuggestionColumn.NAME)
            assert dialog.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


def test_suggestions_are_coldest_and_most_important_first(qtmodeltester, qtbot, dialog: ShareDialog) -> None:
    _fill(dialog)
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert _names(dialog) == ["Ana Silva", "Cleo Park", "Ben Okoro"]
    assert dialog.count_label.text() == "3 people tagged AI, coldest first"
    qtmodeltester.check(dialog.model)
    first = dialog.model.index(0, SuggestionColumn.WHY).data()
    assert first == "cold, 30 days since last touch · likes AI"


def test_no_topics_asks_for_one(qtbot, dialog: ShareDialog) -> None:
    dialog.url_edit.setText("example.org/x")
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0
    assert dialog.status.text().startswith("Add a topic or two")


def test_copy_text_copies_and_logs_a_touch_for_each_person_ticked(qtbot, dialog: ShareDialog, shell_store,
                                                                    share_people) -> None:  # fmt: skip
    _fill(dialog)
    dialog.controller.suggest()
    _tick(dialog, "Ana Silva", "Cleo Park")
    with qtbot.waitSignal(dialog.controller.context.interaction_logged) as logged:
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert sorted(logged.args[0]) == sorted([share_people["Ana Silva"], share_people["Cleo Park"]])
    assert QApplication.clipboard().text() == "Thought of you\n\nLLM evals\nhttps://example.org/llm-evals"
    assert ShareRecipient.select().count() == 2
    assert _names(dialog) == ["Ben Okoro"]  # the people who have it now leave the list
    assert dialog.status.text().startswith("Copied. Logged as sent to 2 people")
    latest = timeline_of(shell_store, share_people["Ana Silva"])[0]
    assert (latest.kind, latest.share_title) == ("share", "LLM evals")


def test_copy_without_anyone_ticked_saves_the_link(qtbot, dialog: ShareDialog, shell_store) -> None:
    _fill(dialog)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert find_share("example.org/llm-evals") is not None
    assert ShareRecipient.select().count() == 0
    assert "Tick who you send it to" in dialog.status.text()


def test_email_opens_a_draft_to_those_with_an_address(qtbot, monkeypatch, dialog: ShareDialog) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return True

    monkeypatch.setattr("ui.share_controller.QDesktopServices.openUrl", open_url)
    _fill(dialog)
    dialog.controller.suggest()
    _tick(dialog, "Ana Silva", "Ben Okoro", "Cleo Park")
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    assert dialog.controller.last_mailto.startswith("mailto:?subject=LLM%20evals&body=Thought%20of%20you")
    assert dialog.controller.last_mailto.endswith("&bcc=ana@example.com,ben@example.com")
    assert len(opened) == 1 and opened[0].startswith("mailto:?subject=LLM%20evals")
    assert ShareRecipient.select().count() == 2  # Cleo has no address: she did not get it
    assert _names(dialog) == ["Cleo Park"]
    assert "1 person ticked has no email address" in dialog.status.text()


def test_a_bad_link_is_explained(qtbot, dialog: ShareDialog) -> None:
    dialog.url_edit.setText("not a link")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "'not a link' is not a link: it contains spaces."
    dialog.url_edit.setText("")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "A share needs a link (URL)."


def test_sending_a_saved_share_again(qtbot, shell_context, share_people) -> None:
    first = open_share_dialog(shell_context)
    qtbot.addWidget(first)
    _fill(first)
    first.controller.suggest()
    _tick(first, "Ana Silva")
    first.controller.copy_text()
    (summary,) = recent_shares(shell_context.store)
    again = open_share_dialog(shell_context, share=summary)
    qtbot.addWidget(again)
    assert (again.url_edit.text(), again.topics_edit.text()) == ("https://example.org/llm-evals", "AI")
    assert _names(again) == ["Cleo Park", "Ben Okoro"]  # suggested at once, without Ana


def test_a_saved_link_brings_back_its_details(qtbot, dialog: ShareDialog, shell_context) -> None:
    _fill(dialog)
    dialog.controller.copy_text()
    fresh = open_share_dialog(shell_context)
    qtbot.addWidget(fresh)
    fresh.url_edit.setText("example.org/llm-evals")
    fresh.controller.fill_saved_share()
    assert (fresh.title_edit.text(), fresh.topics_edit.text()) == ("LLM evals", "AI")


def test_mailto_puts_several_people_in_bcc() -> None:
    assert mailto_for(["a@x.example"], "Hi", "Body") == "mailto:a@x.example?subject=Hi&body=Body"
    several = mailto_for(["a@x.example", "b@x.example"], "Hi", "")
    assert several == "mailto:?subject=Hi&bcc=a@x.example,b@x.example"
    assert mailto_for([], "", "") == "mailto:"
