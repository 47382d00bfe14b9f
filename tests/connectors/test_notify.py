"""Desktop notifications through plyer, and the chain that falls back when a backend fails.

The plyer tests talk to a real notification daemon (dunst) on the test desktop's session
bus; the ones without a daemon or without dbus-python run in a subprocess, because
dbus-python keeps one session bus connection per process.
"""

from __future__ import annotations

import html
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.notify import NotificationUnavailable, NotifierChain, PlyerNotifier, desktop_notifier_chain
from tests.integration.conftest import DEAD_BUS, ROOT, Dunst, PrivateBus, without_dbus_python
from tests.services_required import require_desktop_services

SEND = (
    "import sys\n"
    "from connectors.notify import NotificationUnavailable, PlyerNotifier\n"
    "try:\n"
    "    print(PlyerNotifier().send(sys.argv[1], sys.argv[2]))\n"
    "except NotificationUnavailable as error:\n"
    "    print('unavailable:', error)\n"
)


@pytest.fixture(autouse=True)
def _desktop_services(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("services") is not None:
        require_desktop_services()


@pytest.fixture
def dunst() -> Dunst:
    return Dunst()


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[PrivateBus]:
    bus = PrivateBus(tmp_path / "bus")
    try:
        yield bus
    finally:
        bus.stop()


def _send_in_subprocess(env: dict[str, str], title: str = "Hello", body: str = "from a test") -> str:
    result = subprocess.run(
        [sys.executable, "-c", SEND, title, body],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env={**env, "PYTHONPATH": env.get("PYTHONPATH", str(ROOT))},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- plyer against a real daemon ------------------------------------------------------------


@pytest.mark.services
def test_plyer_shows_the_notification_through_dbus(dunst: Dunst) -> None:
    channel = PlyerNotifier().send(
        "Lena Vogel is going cold", "Last touch 31 days ago (call).", urgency="critical"
    )

    assert channel == "plyer-dbus"
    [arrived] = dunst.wait_for(1)
    assert (arrived.appname, arrived.summary, arrived.body) == (
        "Rapport",
        "Lena Vogel is going cold",
        "Last touch 31 days ago (call).",
    )


@pytest.mark.services
def test_a_body_that_looks_like_markup_arrives_as_written(dunst: Dunst) -> None:
    PlyerNotifier().send("2 check-ins today", "Smith & <Partners> · Ana")

    [arrived] = dunst.wait_for(1)
    assert "<Partners>" not in arrived.body, "the daemon would read this as a tag"
    assert html.unescape(arrived.body) == "Smith & <Partners> · Ana"


@pytest.mark.services
def test_without_dbus_python_plyer_uses_notify_send_and_it_arrives(tmp_path: Path, dunst: Dunst) -> None:
    env = without_dbus_python(tmp_path)
    env["PATH"] = f"/usr/bin:{env['PATH']}"  # notify-send back on the PATH; dbus-python still hidden

    assert (
        _send_in_subprocess(env, "Marco Bianchi is going cold", "Last touch 10 months ago.") == "notify-send"
    )
    [arrived] = dunst.wait_for(1)
    assert (arrived.appname, arrived.summary) == ("Rapport", "Marco Bianchi is going cold")


@pytest.mark.services
def test_notify_send_without_a_daemon_is_a_failure_not_a_silent_pass(
    tmp_path: Path, private_bus: PrivateBus
) -> None:
    env = without_dbus_python(tmp_path)
    env.update(PATH=f"/usr/bin:{env['PATH']}", DBUS_SESSION_BUS_ADDRESS=private_bus.address)

    output = _send_in_subprocess(env)

    # plyer itself ignores notify-send's exit status; the reminder would be logged unseen.
    assert output.startswith("unavailable: notify-send:"), output


@pytest.mark.services
def test_dbus_without_a_daemon_is_unavailable(private_bus: PrivateBus) -> None:
    output = _send_in_subprocess(private_bus.env())
    assert output.startswith("unavailable: dbus:"), output
    assert "org.freedesktop.Notifications" in output


@pytest.mark.services
def test_dbus_without_a_session_bus_is_unavailable() -> None:
    import os

    output = _send_in_subprocess({**os.environ, "DBUS_SESSION_BUS_ADDRESS": DEAD_BUS})
    assert output.startswith("unavailable: dbus:") and "Failed to connect" in output, output


def test_plyer_without_any_backend_is_unavailable() -> None:
    from plyer.facades import Notification

    notifier = PlyerNotifier()
    notifier._implementation = Notification()  # what plyer falls back to when it finds nothing

    with pytest.raises(NotificationUnavailable, match="no notification backend"):
        notifier.send("title", "body")


# --- the chain ----------------------------------------------------------------------------------


class Refuses:
    def __init__(self, reason: str = "not here") -> None:
        self.reason = reason
        self.calls = 0

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        self.calls += 1
        raise NotificationUnavailable(self.reason)


class Shows:
    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.shown: list[tuple[str, str, str]] = []

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        self.shown.append((title, body, urgency))
        return self.channel


class Crashes:
    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        raise RuntimeError("a bug")


def test_the_chain_falls_through_to_the_first_backend_that_works() -> None:
    first, second = Refuses(), Shows("second")
    explained: list[tuple[str, str]] = []
    chain = NotifierChain(
        [("first", lambda: first), ("second", lambda: second)],
        on_failure=lambda *pair: explained.append(pair),
    )

    assert chain.send("T", "B", urgency="critical") == "second"
    assert chain.send("T2", "B2") == "second"

    assert second.shown == [("T", "B", "critical"), ("T2", "B2", "normal")]
    assert first.calls == 2, "a failed backend is tried again (a daemon may have started meanwhile)"
    assert explained == [("first", "not here")], "the same failure is explained once"
    assert chain.failures == {"first": "not here"}


def test_the_chain_logs_a_failure_once_and_its_recovery(caplog: pytest.LogCaptureFixture) -> None:
    flaky = Refuses()
    chain = NotifierChain([("flaky", lambda: flaky), ("last", lambda: Shows("last"))])
    with caplog.at_level(logging.DEBUG, logger="connectors.notify"):
        chain.send("T", "B")
        chain.send("T", "B")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "flaky unavailable: not here" in warnings[0].getMessage()

    chain._factories[0] = ("flaky", lambda: Shows("flaky"))
    chain._built.pop("flaky")
    with caplog.at_level(logging.INFO, logger="connectors.notify"):
        assert chain.send("T", "B") == "flaky"
    assert "notifications work again through flaky" in caplog.text
    assert chain.failures == {}


def test_a_crashing_backend_or_factory_never_stops_the_chain() -> None:
    def broken_factory() -> Shows:
        raise OSError("cannot start")

    chain = NotifierChain([("crash", Crashes), ("factory", broken_factory), ("last", lambda: Shows("last"))])
    assert chain.send("T", "B") == "last"
    assert chain.failures == {"crash": "a bug", "factory": "cannot start"}


def test_when_every_backend_fails_the_reasons_are_given() -> None:
    chain = NotifierChain([("one", lambda: Refuses("no bus")), ("two", lambda: Refuses("no tray"))])
    with pytest.raises(NotificationUnavailable, match="one: no bus; two: no tray"):
        chain.send("T", "B")


def test_the_command_line_chain_is_the_desktop_service_then_plyer() -> None:
    chain = desktop_notifier_chain()
    assert [name for name, _factory in chain._factories] == ["desktop", "plyer"]
