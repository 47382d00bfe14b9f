"""Imports, exports, backups and restores from the window: in the background, cancellable, readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.entities import Contact
from ui import import_export
from ui.import_export import (
    TransferJob,
    backup_now,
    run_export,
    run_import,
    run_restore,
    start_export,
    start_import,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
JOB_TIMEOUT_MS = 30_000


def finish(qtbot, job: TransferJob | None) -> TransferJob:
    assert job is not None
    if job.outcome:
        return job
    with qtbot.waitSignal(job.completed, timeout=JOB_TIMEOUT_MS):
        pass
    return job


def close_box(job):
    if job.message_box is not None:
        job.message_box.close()


def write_vcards(path: Path, count: int) -> Path:
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\nORG:Firm {i % 50}\r\n"
        f"EMAIL:person{i}@example.com\r\nEND:VCARD\r\n"
        for i in range(count)
    ]
    path.write_text("".join(cards), encoding="utf-8")
    return path


def test_import_through_the_dialog_then_see_the_contacts(qtbot, shell_context, monkeypatch):
    from ui.contacts_page import ContactsPage

    page = ContactsPage(shell_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.empty_title.text() == "No contacts yet"
    chosen = str(FIXTURES / "vcard" / "google_30.vcf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (chosen, ""))

    with qtbot.waitSignal(shell_context.data_changed, timeout=JOB_TIMEOUT_MS):
        started = start_import(shell_context, "vcard", page)
    job = finish(qtbot, started)

    assert job.outcome == "done"
    assert job.message.startswith("Imported")
    assert job.message_box is not None and job.message_box.text() == job.message
    count = Contact.select().count()
    assert count > 0
    qtbot.waitUntil(lambda: page.model.rowCount() == count, timeout=5000)
    assert page.stack.currentIndex() == 0
    close_box(job)


def test_a_file_of_the_wrong_kind_gets_a_readable_message(qtbot, shell_context, tmp_path):
    not_linkedin = tmp_path / "notes.csv"
    not_linkedin.write_text("just,some\ncolumns,here\n", encoding="utf-8")

    job = finish(qtbot, run_import(shell_context, "linkedin", not_linkedin))

    assert job.outcome == "failed"
    assert "notes.csv" in job.message
    assert "Traceback" not in job.message
    assert job.message_box is not None and job.message_box.icon() == QMessageBox.Icon.Warning
    assert Contact.select().count() == 0
    close_box(job)


def test_a_missing_file_is_a_readable_message_too(qtbot, shell_context, tmp_path):
    job = finish(qtbot, run_import(shell_context, "vcard", tmp_path / "gone.vcf"))
    assert job.outcome == "failed"
    assert "gone.vcf" in job.message
    close_box(job)


def test_cancel_leaves_nothing_behind(qtbot, shell_context, tmp_path):
    big = write_vcards(tmp_path / "big.vcf", 6000)
    job = run_import(shell_context, "vcard", big)
    job.task.signals.progress.connect(lambda done, total: job.cancel())
    finish(qtbot, job)

    assert job.outcome == "cancelled"
    assert "Nothing was changed" in job.message
    assert Contact.select().count() == 0
    close_box(job)


def test_progress_dialog_cancel_button_cancels(qtbot, shell_context, tmp_path):
    job = run_import(shell_context, "vcard", write_vcards(tmp_path / "some.vcf", 3000))
    job.progress.cancel()  # what the Cancel button does
    finish(qtbot, job)
    assert job.outcome in ("cancelled", "done")  # a fast machine may finish first; never half-done
    assert Contact.select().count() in (0, 3000)
    close_box(job)


def test_export_csv_and_vcard(qtbot, shell_context, shell_person, tmp_path, monkeypatch):
    shell_person("Lena Vogel", emails=("lena@example.com",))
    target = tmp_path / "out.csv"
    job = finish(qtbot, run_export(shell_context, "csv", target))
    assert job.outcome == "done"
    assert job.message == f"Exported 1 contact to {target}"
    assert "Lena Vogel" in target.read_text(encoding="utf-8")
    close_box(job)

    vcard = tmp_path / "out.vcf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(vcard), ""))
    job = finish(qtbot, start_export(shell_context, "vcard"))
    assert "BEGIN:VCARD" in vcard.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.partial"))
    close_box(job)


def test_a_cancelled_export_writes_no_file(qtbot, shell_context, shell_person, tmp_path):
    shell_person("Lena Vogel")
    target = tmp_path / "out.json"
    job = run_export(shell_context, "json", target)
    job.cancel()
    finish(qtbot, job)
    assert job.outcome == "cancelled"
    assert not target.exists()
    assert not list(tmp_path.glob(".*"))
    close_box(job)


def test_back_up_now_and_restore(qtbot, shell_context, shell_store, shell_person, tmp_path, monkeypatch):
    shell_person("Lena Vogel")
    job = finish(qtbot, backup_now(shell_context))
    assert job.outcome == "done"
    assert list(shell_store.backups_dir.glob("rapport-*-manual.sqlite"))
    close_box(job)

    saved = tmp_path / "backup.json"
    close_box(finish(qtbot, run_export(shell_context, "json", saved)))
    shell_person("Added Later")
    assert Contact.select().count() == 2

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(saved), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell_context.data_changed, timeout=JOB_TIMEOUT_MS):
        started = import_export.restore_backup(shell_context)
    job = finish(qtbot, started)
    assert job.outcome == "done"
    assert job.message.startswith("Restored")
    assert [c.display_name for c in Contact.select()] == ["Lena Vogel"]
    close_box(job)


def test_restoring_a_broken_backup_changes_nothing(qtbot, shell_context, shell_person, tmp_path):
    shell_person("Lena Vogel")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    job = finish(qtbot, run_restore(shell_context, broken))
    assert job.outcome == "failed"
    assert "broken.json" in job.message
    assert Contact.select().count() == 1
    close_box(job)


@pytest.mark.parametrize("kind", ["linkedin", "vcard", "google"])
def test_closing_the_file_dialog_starts_nothing(shell_context, monkeypatch, kind):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: ("", ""))
    assert start_import(shell_context, kind) is None


def test_tasks_report_results_throttled_progress_and_unexpected_errors(qtbot, shell_store):
    from ui.workers import Task

    def counting(progress, cancelled):
        for done in range(1, 10_001):
            progress(done, 10_000)
        return "counted"

    task = Task(shell_store, counting)
    reports: list[tuple[int, int]] = []
    task.signals.progress.connect(lambda done, total: reports.append((done, total)))
    with qtbot.waitSignal(task.signals.finished, timeout=JOB_TIMEOUT_MS) as finished:
        task.start()
    assert finished.args == ["counted"]
    qtbot.waitUntil(lambda: reports and reports[-1] == (10_000, 10_000), timeout=2000)
    assert len(reports) < 100  # a few updates, not ten thousand queued signals

    def broken(progress, cancelled):
        raise KeyError("boom")

    task = Task(shell_store, broken)
    with qtbot.waitSignal(task.signals.failed, timeout=JOB_TIMEOUT_MS) as failed:
        task.start()
    assert failed.args[0].startswith("Something went wrong")
