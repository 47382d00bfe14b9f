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

say() { printf 'test.sh: %s\n' "$*" >&2; }

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

missing_packages() {
    local installed
    installed="$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null |
        awk '$1 == "ii" { print $2 }' || true)"
    local pkg
    for pkg in "$@"; do
        grep -qx -- "$pkg" <<<"$installed" || printf '%s\n' "$pkg"
    done
}

ensure_debian_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "not a Debian system: make sure the equivalents of these are installed: ${debian_packages[*]}"
        return 0
    fi
    local -a missing
    mapfile -t missing < <(missing_packages "${debian_packages[@]}")
    ((${#missing[@]})) || return 0
    if [[ "$(id -u)" != "0" ]]; then
        say "missing Debian packages: ${missing[*]}"
        say "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
        exit 1
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# --- virtualenv --------------------------------------------------------------------------

requirements_hash() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

ensure_venv() {
    if ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
        local python="${RAPPORT_VENV_PYTHON:-python3}"
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            say "$python is missing or older than 3.11 (Debian: apt-get install python3 python3-venv;" \
                "or point RAPPORT_VENV_PYTHON at a Python 3.11+)"
            exit 1
        fi
        say "creating .venv"
        "$python" -m venv --clear .venv || {
            say "$python -m venv failed: install the Debian package python3-venv"
            exit 1
        }
        .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
    fi
    local dev_hash runtime_hash
    dev_hash="$(requirements_hash requirements.txt requirements-dev.txt)"
    runtime_hash="$(requirements_hash requirements.txt)"
    if [[ "$(cat .venv/.requirements-dev.sha256 2>/dev/null)" == "$dev_hash" ]]; then
        return 0
    fi
    say "installing requirements-dev.txt into .venv"
    PIP_NO_INPUT=1 .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off \
        -r requirements-dev.txt
    # requirements-dev.txt includes requirements.txt, so scripts/run.sh is satisfied too.
    printf '%s\n' "$dev_hash" >.venv/.requirements-dev.sha256
    printf '%s\n' "$runtime_hash" >.venv/.requirements.sha256
}

ensure_debian_packages
ensure_venv

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
