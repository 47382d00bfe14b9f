"""Which calendar the user connected, and logging in to it with the password from the keyring."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from connectors import secrets
from connectors.caldav_sync import CalendarAuthError, CalendarClient, CalendarError, connect
from core.settings import Settings
from services.store import Store

# (url, user, password, calendar name or None) -> a logged-in calendar. Tests pass their own.
ClientFactory = Callable[[str, str, str, str | None], CalendarClient]


def default_client_factory(url: str, user: str, password: str, calendar_name: str | None) -> CalendarClient:
    return connect(url, user, password, calendar_name)


@dataclass(frozen=True)
class Account:
    url: str
    user: str
    calendar_name: str

    @property
    def secret_key(self) -> str:
        """The keyring entry's user name: one per server and login."""
        return f"caldav:{self.user}@{self.url}"


def account_of(settings: Settings) -> Account | None:
    if not settings.calendar_url or not settings.calendar_user:
        return None
    return Account(settings.calendar_url, settings.calendar_user, settings.calendar_name)


def open_calendar(store: Store, client_factory: ClientFactory = default_client_factory) -> CalendarClient:
    """Log in to the connected calendar with the password from the keyring (network: may block)."""
    account = account_of(store.settings())
    if account is None:
        raise CalendarError("no calendar is connected; connect one first")
    password = secrets.get_password(account.secret_key)
    if password is None:
        raise CalendarAuthError(
            f"the keyring holds no password for {account.user}; connect the calendar again"
        )
    return client_factory(account.url, account.user, password, account.calendar_name or None)
