"""The cards on Today: one person to reach out to, one planned check-in, one birthday.

Views only: each card shows its record and reports what the user clicked by signal.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from core.kinds import label_of
from core.queue import QueueEntry
from services.agenda import CheckinRow
from services.birthdays import UpcomingBirthday
from ui.schedule_controller import CHANNEL_LABELS
from ui.style import (
    CARD_PADDING,
    SPACING_M,
    SPACING_S,
    SPACING_XS,
    Avatar,
    Card,
    Separator,
    StatusChip,
    WarmthBar,
    scaled_font,
    secondary_label,
)

SNOOZE_CHOICES = (("For 1 week", 7), ("For 1 month", 30))


def contact_link(contact_id: int, name: str) -> str:
    """Rich text for a name that opens the contact when clicked (links follow the palette)."""
    return f'<a href="contact:{contact_id}" style="text-decoration:none">{escape(name)}</a>'


def name_label(
    contact_id: int, name: str, parent: QWidget, *, scale: float = 1.0, bold: bool = True
) -> QLabel:
    label = QLabel(contact_link(contact_id, name), parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    label.setFont(scaled_font(label.font(), scale, bold=bold))
    label.setAccessibleName(f"Open {name}")
    label.setToolTip(f"Open {name}'s page")
    return label


def last_touch_text(entry: QueueEntry) -> str:
    if entry.days_since is None:
        return "Never talked"
    kind = entry.snapshot.last_touch_kind
    when = (
        "today"
        if entry.days_since == 0
        else "yesterday"
        if entry.days_since == 1
        else f"{entry.days_since} days ago"
    )
    return f"Last touch {when}" + (f" ({label_of(kind)})" if kind else "")


def role_text(position: str, company: str) -> str:
    if position and company:
        return f"{position} @ {company}"
    return position or company


def why_now_text(entry: QueueEntry) -> str:
    reasons = [reason[:1].upper() + reason[1:] for reason in entry.reasons]
    return " · ".join(reasons)


class QueueCard(Card):
    """Someone to reach out to today, with what to do about it."""

    open_contact = Signal(int)
    schedule = Signal(int)
    log_touch = Signal(int)
    snooze = Signal(int, int)  # contact id, days
    not_now = Signal(int)

    def __init__(self, entry: QueueEntry, checkin_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        snapshot = entry.snapshot
        self.contact_id = snapshot.contact_id
        self.setAccessibleName(f"Reach out to {snapshot.name}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(CARD_PADDING, CARD_PADDING, CARD_PADDING, CARD_PADDING - 2)
        outer.setSpacing(SPACING_M + 2)
        outer.addWidget(Avatar(snapshot.name, 44, self), 0, Qt.AlignmentFlag.AlignTop)
        body = QVBoxLayout()
        body.setSpacing(SPACING_XS)
        outer.addLayout(body, 1)

        top = QHBoxLayout()
        top.setSpacing(SPACING_S)
        self.name = name_label(snapshot.contact_id, snapshot.name, self, scale=1.12)
        self.name.linkActivated.connect(lambda _link: self.open_contact.emit(self.contact_id))
        top.addWidget(self.name)
        self.chip = StatusChip(entry.status.value, self)
        top.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        circle = secondary_label(f"{snapshot.circle} · every {snapshot.cadence_days} days")
        circle.setToolTip("Circle and keep-in-touch cadence")
        top.addWidget(circle)
        body.addLayout(top)

        self.role = secondary_label(role_text(snapshot.position, snapshot.company) or "No position on file")
        body.addWidget(self.role)

        facts = QHBoxLayout()
        facts.setSpacing(SPACING_S)
        self.warmth = WarmthBar(entry.warmth, self)
        self.warmth.setFixedWidth(110)
        facts.addWidget(self.warmth)
        warmth_value = "—" if entry.warmth is None else str(entry.warmth)
        facts.addWidget(secondary_label(f"warmth {warmth_value}"))
        facts.addSpacing(SPACING_M)
        self.last_touch = QLabel(last_touch_text(entry), self)
        facts.addWidget(self.last_touch)
        facts.addStretch(1)
        body.addSpacing(2)
        body.addLayout(facts)

        self.why = QLabel(f"<b>Why now:</b> {escape(why_now_text(entry))}", self)
        self.why.setWordWrap(True)
        self.why.setAccessibleName(f"Why now: {why_now_text(entry)}")
        body.addWidget(self.why)
        body.addSpacing(SPACING_XS)
        body.addWidget(Separator(self))
        body.addSpacing(SPACING_XS)

        actions = QHBoxLayout()
        actions.setSpacing(SPACING_S)
        self.schedule_button = QPushButton(f"Schedule {checkin_minutes}-min check-in", self)
        self.schedule_button.setAccessibleName(f"Schedule a check-in with {snapshot.name}")
        self.schedule_button.setToolTip("Propose the next free slot, with an invite ready to send")
        self.schedule_button.clicked.connect(lambda: self.schedule.emit(self.contact_id))
        self.schedule_button.setDefault(True)  # the card's main action, drawn as such by the style
        self.log_button = QPushButton("Log touch", self)
        self.log_button.setAccessibleName(f"Log a touch with {snapshot.name}")
        self.log_button.setToolTip("You were in touch already: log it and reset the clock")
        self.log_button.clicked.connect(lambda: self.log_touch.emit(self.contact_id))
        self.snooze_button = QPushButton("Snooze", self)
        self.snooze_button.setAccessibleName(f"Snooze {snapshot.name}")
        self.snooze_button.setToolTip("No reminders about them for a while")
        snooze_menu = QMenu(self.snooze_button)
        for text, days in SNOOZE_CHOICES:
            action = snooze_menu.addAction(text)
            action.triggered.connect(lambda _checked=False, d=days: self.snooze.emit(self.contact_id, d))
        self.snooze_button.setMenu(snooze_menu)
        self.not_now_button = QPushButton("Not now", self)
        self.not_now_button.setAccessibleName(f"Not now: hide {snapshot.name} until tomorrow")
        self.not_now_button.setToolTip("Hide until tomorrow")
        self.not_now_button.clicked.connect(lambda: self.not_now.emit(self.contact_id))
        for button in (self.schedule_button, self.log_button, self.snooze_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.not_now_button)
        body.addLayout(actions)


def day_heading(day: date, today: date) -> str:
    offset = (day - today).days
    if offset == 0:
        return "Today"
    if offset == 1:
        return "Tomorrow"
    if offset < 0:
        return "Not closed yet"
    return f"{day:%A} {day.day} {day:%B}"


class CheckinRowWidget(QWidget):
    """One planned check-in, with Done / Skip / Reschedule."""

    open_contact = Signal(int)
    done = Signal(int)
    skip = Signal(int)
    reschedule = Signal(int)

    def __init__(self, row: CheckinRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checkin_id = row.checkin_id
        self.setAccessibleName(f"Check-in with {row.name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, SPACING_XS, 0, SPACING_XS)
        layout.setSpacing(SPACING_XS)
        top = QHBoxLayout()
        top.setSpacing(SPACING_S)
        starts = row.starts_at
        when = f"{starts:%H:%M}"
        if starts.date() < today:
            when = f"{starts:%a} {starts.day} {starts:%b}, {when}"
        time_label = QLabel(when, self)
        time_label.setFont(scaled_font(time_label.font(), 1.0, bold=True))
        top.addWidget(time_label)
        self.name = name_label(row.contact_id, row.name, self, bold=False)
        self.name.linkActivated.connect(lambda _link: self.open_contact.emit(row.contact_id))
        top.addWidget(self.name)
        top.addStretch(1)
        top.addWidget(secondary_label(f"{row.minutes} min · {CHANNEL_LABELS.get(row.channel, row.channel)}"))
        layout.addLayout(top)
        actions = QHBoxLayout()
        actions.setSpacing(SPACING_XS)
        self.done_button = QPushButton("Done", self)
        self.done_button.setAccessibleName(f"Mark the check-in with {row.name} done")
        self.done_button.setToolTip("It happened: log the touch and reset the clock")
        self.done_button.clicked.connect(lambda: self.done.emit(self.checkin_id))
        self.skip_button = QPushButton("Skip", self)
        self.skip_button.setAccessibleName(f"Skip the check-in with {row.name}")
        self.skip_button.clicked.connect(lambda: self.skip.emit(self.checkin_id))
        self.reschedule_button = QPushButton("Reschedule…", self)
        self.reschedule_button.setAccessibleName(f"Reschedule the check-in with {row.name}")
        self.reschedule_button.clicked.connect(lambda: self.reschedule.emit(self.checkin_id))
        for button in (self.done_button, self.skip_button, self.reschedule_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)


class BirthdayRowWidget(QWidget):
    open_contact = Signal(int)

    def __init__(self, birthday: UpcomingBirthday, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(SPACING_S)
        layout.addWidget(Avatar(birthday.name, 28, self))
        self.name = name_label(birthday.contact_id, birthday.name, self, bold=False)
        self.name.linkActivated.connect(lambda _link: self.open_contact.emit(birthday.contact_id))
        layout.addWidget(self.name)
        layout.addStretch(1)
        if birthday.days_away == 0:
            when = "today"
        elif birthday.days_away == 1:
            when = "tomorrow"
        else:
            when = f"{birthday.on:%a} {birthday.on.day} {birthday.on:%b}"
        on = when if birthday.days_away <= 1 else f"on {when}"
        age = f"turns {birthday.turns} " if birthday.turns else ""
        self.when = secondary_label(f"{age}{on}")
        layout.addWidget(self.when)
        self.setAccessibleName(f"Birthday: {birthday.name}, {age}{on}")
