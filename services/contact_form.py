"""The contact form: checking what the user typed, then saving it as one change."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from core.matching import normalise_email
from models.entities import Contact, ContactEmail, ContactPhone, ContactTag, ContactUrl, Tag
from services.contacts import ContactError, ContactInput, create_contact, tags_of, update_contact
from services.derived import refresh_search_text
from services.store import Store

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./\-]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"[,;\n]+")
_BIRTHDAY_NO_YEAR = re.compile(r"^-{0,2}(\d{2})-(\d{2})$")


class FormError(ValueError):
    """One field holds something that can't be saved; `field_name` says which."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass
class ContactForm:
    """The form's fields exactly as typed."""

    name: str = ""
    company: str = ""
    position: str = ""
    linkedin_url: str = ""
    emails: str = ""  # separated by commas, semicolons or new lines
    phones: str = ""
    websites: str = ""
    location: str = ""
    how_met: str = ""
    connected_on: str = ""  # YYYY-MM-DD
    birthday: str = ""  # YYYY-MM-DD or MM-DD
    circle: str = ""
    tags: str = ""  # comma-separated


@dataclass
class CheckedContact:
    data: ContactInput
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def split_list(text: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in _LIST_SPLIT.split(text) if part.strip()))


def is_web_address(text: str) -> bool:
    parts = urlsplit(text if "://" in text else f"https://{text}")
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in text.strip()


def _day(text: str, field_name: str, label: str, today: date) -> date | None:
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise FormError(field_name, f"{label}: '{text.strip()}' is not a date like 2024-03-12") from None
    if day > today:
        raise FormError(field_name, f"{label} cannot be in the future")
    return day


def _birthday(text: str, today: date) -> str | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    without_year = _BIRTHDAY_NO_YEAR.match(cleaned)
    try:
        if without_year:
            month, day = without_year.groups()
            date(2000, int(month), int(day))  # a leap year accepts 29 February
            return f"--{month}-{day}"
        if _day(cleaned, "birthday", "Birthday", today):
            return cleaned
    except ValueError:
        pass
    raise FormError(
        "birthday", f"Birthday: '{cleaned}' is not a date like 1985-06-30, or 06-30 without the year"
    )


def check_form(form: ContactForm, today: date) -> CheckedContact:
    """The form as a contact to save, or FormError naming the first field to fix."""
    name = " ".join(form.name.split())
    if not name:
        raise FormError("name", "A contact needs a name")
    emails = split_list(form.emails)
    for email in emails:
        if not _EMAIL.match(email):
            raise FormError("emails", f"'{email}' is not an email address like name@example.com")
    phones = split_list(form.phones)
    for phone in phones:
        if not _PHONE.match(phone):
            raise FormError("phones", f"'{phone}' is not a phone number (digits, spaces, + ( ) - . allowed)")
    websites = split_list(form.websites)
    for website in websites:
        if not is_web_address(website):
            raise FormError("websites", f"'{website}' is not a web address like https://example.com")
    linkedin = form.linkedin_url.strip()
    if linkedin and not is_web_address(linkedin):
        raise FormError("linkedin_url", f"'{linkedin}' is not a web address like https://www.linkedin.com/in/name")
    data = ContactInput(
        display_name=name,
        company=form.company.strip(),
        position=form.position.strip(),
        linkedin_url=linkedin,
        location=form.location.strip(),
        how_met=form.how_met.strip(),
        connected_on=_day(form.connected_on, "connected_on", "Connected on", today),
        birthday=_birthday(form.birthday, today),
        circle=form.circle.strip() or None,
    )
    return CheckedContact(data, emails, phones, websites, split_list(form.tags))


def form_of(store: Store, contact_id: int) -> ContactForm:
    """A saved contact, as the form shows it."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise ContactError(f"no contact #{contact_id}")

    def joined(values: list[str], separator: str = ", ") -> str:
        return separator.join(values)

    birthday = contact.birthday or ""
    return ContactForm(
        name=contact.display_name,
        company=contact.company,
        position=contact.position,
        linkedin_url=contact.linkedin_url or "",
        emails=joined([e.email for e in ContactEmail.select().where(ContactEmail.contact == contact)]),
        phones=joined([p.phone for p in ContactPhone.select().where(ContactPhone.contact == contact)]),
        websites=joined([u.url for u in ContactUrl.select().where(ContactUrl.contact == contact)]),
        location=contact.location,
        how_met=contact.how_met,
        connected_on=contact.connected_on.isoformat() if contact.connected_on else "",
        birthday=birthday[2:] if birthday.startswith("--") else birthday,
        circle=contact.circle.name,
        tags=joined(tags_of(contact)),
    )


def save_form(store: Store, form: ContactForm, contact_id: int | None = None) -> int:
    """Create or update a contact from the form, atomically; returns its id.

    Emails, phones, websites and tags become exactly the form's lists: what was removed
    from the form is removed from the contact.
    """
    checked = check_form(form, store.today())
    with store.db.atomic():
        data = checked.data
        data.emails, data.phones = checked.emails, checked.phones
        data.urls, data.tags = checked.websites, checked.tags
        if contact_id is None:
            return int(create_contact(store, data).id)
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise ContactError(f"no contact #{contact_id}")
        if not checked.data.linkedin_url:
            contact.linkedin_url = None  # an emptied field removes the profile link
            data.linkedin_url = None
        update_contact(store, contact, data)
        _keep_only(contact_id, checked)
        refresh_search_text(store, [contact_id])
    return contact_id


def _keep_only(contact_id: int, checked: CheckedContact) -> None:
    emails = {normalise_email(e) for e in checked.emails}
    ContactEmail.delete().where(
        (ContactEmail.contact == contact_id) & ContactEmail.email.not_in(list(emails) or [""])
    ).execute()
    phones = set(checked.phones)
    ContactPhone.delete().where(
        (ContactPhone.contact == contact_id) & ContactPhone.phone.not_in(list(phones) or [""])
    ).execute()
    urls = set(checked.websites)
    ContactUrl.delete().where(
        (ContactUrl.contact == contact_id) & ContactUrl.url.not_in(list(urls) or [""])
    ).execute()
    wanted_tags = {t.lower() for t in checked.tags}
    for link in ContactTag.select(ContactTag, Tag).join(Tag).where(ContactTag.contact == contact_id):
        if link.tag.name.lower() not in wanted_tags:
            link.delete_instance()
