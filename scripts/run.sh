#!/usr/bin/env bash
# Installs what Rapport needs and starts it:
#
#   bash scripts/run.sh [APP ARGS...]
#
# - Debian's Qt runtime libraries, when missing: installed with apt-get when run as root,
#   otherwise the command to install them is printed.
# - the virtualenv .venv with requirements.txt (skipped while requirements.txt is unchanged).
# Then runs `.venv/bin/python main.py ARGS...`.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'run.sh: %s\n' "$*" >&2; }

# Python, Qt's xcb platform plugin and what it loads, a font, and notify-send for desktop
# notifications.
debian_packages=(
    python3 python3-venv
    libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-shape0 libxcb-randr0 libegl1 libgl1 libfontconfig1
    libdbus-1-3 fonts-dejavu-core libnotify-bin
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
    command -v dpkg-query >/dev/null 2>&1 || return 0 # not Debian: the user knows their system
    local -a missing
    mapfile -t missing < <(missing_packages "${debian_packages[@]}")
    ((${#missing[@]})) || return 0
    if [[ "$(id -u)" != "0" ]]; then
        say "missing Debian packages: ${missing[*]}"
        say "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
        say "trying to start anyway"
        return 0
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

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
    local runtime_hash
    runtime_hash="$(requirements_hash requirements.txt)"
    if [[ "$(cat .venv/.requirements.sha256 2>/dev/null)" == "$runtime_hash" ]]; then
        return 0
    fi
    say "installing requirements.txt into .venv"
    PIP_NO_INPUT=1 .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off \
        -r requirements.txt
    printf '%s\n' "$runtime_hash" >.venv/.requirements.sha256
}

ensure_debian_packages
ensure_venv

# Without arguments main.py opens the window; commands (e.g. --help) need no display.
if [[ $# -eq 0 && -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]]; then
    say "no DISPLAY or WAYLAND_DISPLAY: Rapport needs a graphical session to show its window"
fi

exec .venv/bin/python main.py "$@"
