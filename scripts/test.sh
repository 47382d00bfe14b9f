#!/usr/bin/env bash
# Runs every check: ruff, mypy and pytest, inside a private test desktop (Xvfb, D-Bus session
# bus, tray watcher, dunst, unlocked gnome-keyring; see scripts/desktop-services.sh).
#
#   bash scripts/test.sh [PYTEST ARGS...]
#
# Installs what it needs first: missing Debian packages (as root, with apt-get) and the
# virtualenv .venv with requirements-dev.txt (skipped while the requirements are unchanged).
# Exits non-zero when any check fails, including when pytest collects no tests.
# Tests marked `slow` are deselected unless pytest is given its own -m, e.g. `-m slow`.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SCRIPT_NAME=test.sh
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

# --- Debian packages ---------------------------------------------------------------------

debian_packages=(
    # Python and building dbus-python
    python3 python3-venv python3-dev gcc libc6-dev pkg-config libdbus-1-dev libglib2.0-dev
    # Qt's xcb platform and its rendering
    libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-shape0 libxcb-randr0 libegl1 libgl1 libfontconfig1
    fonts-dejavu-core
    # the test desktop
    xvfb xauth dbus dbus-x11 dunst haskell-status-notifier-item-utils gnome-keyring libnotify-bin
    # driving and inspecting it
    imagemagick xdotool desktop-file-utils
)

ensure_debian_packages fail "${debian_packages[@]}"
ensure_venv_exists
install_requirements requirements-dev.txt

# --- the checks, inside the test desktop -------------------------------------------------

# shellcheck disable=SC2016  # expanded by the inner shell
checks='
failed=()
step() { printf "\n==> %s\n" "$*" >&2; }

step "ruff check ."
.venv/bin/ruff check . || failed+=(ruff)

step "mypy ."
.venv/bin/mypy . || failed+=(mypy)

step "pytest $*"
.venv/bin/python -m pytest -m "not slow" "$@"
rc=$?
if ((rc == 5)); then
    echo "test.sh: pytest collected no tests; that counts as a failure" >&2
fi
((rc == 0)) || failed+=("pytest (exit $rc)")

if ((${#failed[@]})); then
    printf "\ntest.sh: FAILED: %s\n" "${failed[*]}" >&2
    exit 1
fi
printf "\ntest.sh: all checks passed (ruff, mypy, pytest)\n" >&2
'

exec bash scripts/desktop-services.sh -- bash -c "$checks" test.sh "$@"
