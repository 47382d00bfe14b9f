"""First run: an empty database opens on the welcome page, which offers five ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QFileDialog, QMessageBox

from services.agenda import has_contacts
from ui.welcome_page import WelcomePage

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jana Nováková\r\nN:Nováková;Jana;;;\r\n"
    "ORG:Prague Robotics\r\nTITLE:CTO\r\nEMAIL;TYPE=work:jana@robotics.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omar Haddad\r\nN:Haddad;Omar;;;\r\nORG:Desert Labs\r\nEND:VCARD\r\n"
)


def test_an_empty_database_opens_on_the_welcome_page(shell_window, shell_store):
    assert shell_window.current_key == "today"
    welcome = shell_window.page("today")
    assert isinstance(welcome, WelcomePage)
    assert welcome.isVisible()
    titles = [button.text() for button in welcome.findChildren(QCommandLinkButton)]
    assert titles == [
        "Import LinkedIn export",
        "Import vCard",
        "Import Google CSV",
        "Add a contact",
        "Try with demo data",
    ]
    assert str(shell_store.data_dir) in welcome.where.text()
    assert "keeps your professional network warm" in welcome.explanation.text()
    assert shell_window.cold_label.text() in ("", "No contacts yet")


def test_demo_data_fills_the_network_off_the_ui_thread_and_today_appears(qtbot, shell_window, shell_store):
    welcome = shell_window.page("today")
    assert isinstance(welcome, WelcomePage)

    with qtbot.waitSignal(shell_window.context.data_changed, timeout=30_000):
        qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
        assert welcome.progress.isVisible()
        assert not welcome.demo_button.isEnabled()

    assert has_contacts(shell_store)
    qtbot.waitUntil(lambda: shell_window.page("today") is shell_window.today_page)
    today = shell_window.today_page
    qtbot.waitUntil(lambda: len(today.cards) > 0, timeout=5000)
    assert "going cold" in shell_window.cold_label.text() or shell_window.cold_label.text()


def test_importing_a_vcard_from_the_welcome_page_shows_the_contacts(
    qtbot, monkeypatch, tmp_path, shell_window, shell_store
):
    source = tmp_path / "people.vcf"
    source.write_text(VCARD, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(source), ""))
    welcome = shell_window.page("today")

    with qtbot.waitSignal(shell_window.context.data_changed, timeout=30_000):
        qtbot.mouseClick(welcome.import_buttons["vcard"], Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shell_window.page("today") is shell_window.today_page, timeout=5000)
    names = {row[0] for row in shell_store.db.execute_sql("SELECT display_name FROM contact")}
    assert names == {"Jana Nováková", "Omar Haddad"}
    summary = next(box for box in shell_window.findChildren(QMessageBox) if box.isVisible())
    assert "2" in summary.text()  # the importer's summary: two new contacts
