"""The top of the contact page: avatar, name, position @ company, links, status, warmth, next due."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.kinds import label_of
from services.contact_form import is_web_address
from services.contact_profile import ContactProfile
from ui.day_format import day_text, short_day_text
from ui.flow_layout import FlowLayout
from ui.links import link_label, mailto_url, tel_url, web_url
from ui.style import SPACING_L, SPACING_S, Avatar, StatusChip, WarmthBar, scaled_font, secondary_label


def last_touch_text(profile: ContactProfile) -> str:
    days = profile.days_since_last_touch
    if days is None:
        return "Never talked"
    when = "today" if days == 0 else ("yesterday" if days == 1 else f"{days} days ago")
    kind = f" ({label_of(profile.last_touch_kind)})" if profile.last_touch_kind else ""
    return f"Last touch {when}{kind}"


def next_due_text(profile: ContactProfile, today: date) -> str:
    if profile.archived:
        return "Archived: no reminders"
    if profile.next_due is None:
        return "Untracked: no cadence"
    if profile.next_due <= today:
        return "Due now" if profile.last_touch_on is not None else "Due now: introductory chat"
    return f"Next due {day_text(profile.next_due)}"


class ContactHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.avatar = Avatar("", 72, self)
        self.name_label = QLabel(self)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setFont(scaled_font(self.name_label.font(), 1.8, bold=True))
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label.setAccessibleName("Name")
        self.headline_label = QLabel(self)
        self.headline_label.setTextFormat(Qt.TextFormat.PlainText)
        self.headline_label.setFont(scaled_font(self.headline_label.font(), 1.1))
        self.headline_label.setAccessibleName("Position and company")
        self.links = QWidget(self)
        self._links_layout = FlowLayout(self.links, SPACING_L)
        self.link_labels: list[QLabel] = []
        self.details_label = secondary_label("", self, word_wrap=True)

        identity = QVBoxLayout()
        identity.setSpacing(SPACING_S // 2)
        identity.addWidget(self.name_label)
        identity.addWidget(self.headline_label)
        identity.addWidget(self.links)
        identity.addWidget(self.details_label)
        identity.addStretch(1)

        self.status_chip = StatusChip(None, self)
        self.warmth_bar = WarmthBar(None, self)
        self.warmth_bar.setFixedWidth(160)
        self.warmth_label = secondary_label("", self)
        self.last_touch_label = QLabel(self)
        self.last_touch_label.setAccessibleName("Last touch")
        self.next_due_label = QLabel(self)
        self.next_due_label.setAccessibleName("Next due")
        standing = QVBoxLayout()
        standing.setSpacing(SPACING_S // 2)
        standing.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignRight)
        warmth_row = QHBoxLayout()
        warmth_row.addWidget(self.warmth_label)
        warmth_row.addWidget(self.warmth_bar)
        standing.addLayout(warmth_row)
        standing.addWidget(self.last_touch_label, 0, Qt.AlignmentFlag.AlignRight)
        standing.addWidget(self.next_due_label, 0, Qt.AlignmentFlag.AlignRight)
        standing.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_L)
        layout.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(identity, 1)
        layout.addLayout(standing)

    def show_profile(self, profile: ContactProfile, today: date) -> None:
        self.avatar.set_name(profile.name)
        self.name_label.setText(profile.name)
        self.headline_label.setText(profile.headline)
        self.headline_label.setVisible(bool(profile.headline))
        self._show_links(profile)
        details = []
        if profile.location:
            details.append(profile.location)
        if profile.connected_on:
            details.append(f"Connected {day_text(profile.connected_on)}")
        if profile.how_met:
            details.append(f"Met: {profile.how_met}")
        if profile.birthday:
            birthday = profile.birthday
            details.append("Birthday " + (birthday[2:] if birthday.startswith("--") else birthday))
        if profile.snoozed_until and profile.snoozed_until > today:
            details.append(f"Snoozed until {short_day_text(profile.snoozed_until)}")
        self.details_label.setText(" · ".join(details))
        self.details_label.setVisible(bool(details))
        self.status_chip.set_status(profile.status, archived=profile.archived)
        self.warmth_bar.set_warmth(profile.warmth)
        self.warmth_bar.setVisible(profile.warmth is not None)
        self.warmth_label.setText(f"Warmth {profile.warmth}" if profile.warmth is not None else "")
        self.last_touch_label.setText(last_touch_text(profile))
        self.next_due_label.setText(next_due_text(profile, today))


    def _show_links(self, profile: ContactProfile) -> None:
        for label in self.link_labels:
            self._links_layout.removeWidget(label)
            label.deleteLater()
        self.link_labels = []
        links: list[tuple[str, str, str]] = []
        if profile.linkedin_url:
            url = profile.linkedin_url
            links.append(("LinkedIn profile", url, f"Open LinkedIn profile {url}"))
        links += [(email, mailto_url(email), f"Email {email}") for email in profile.emails]
        links += [(phone, tel_url(phone), f"Call {phone}") for phone in profile.phones]
        for url in profile.urls:
            target = web_url(url) if is_web_address(url) else url
            links.append((url, target, f"Open {url}"))
        for text, url, name in links:
            label = link_label(text, url, self.links, accessible_name=name)
            self._links_layout.addWidget(label)
            self.link_labels.append(label)
        self.links.setVisible(bool(links))
