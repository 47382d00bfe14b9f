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

SCRIPT_NAME=run.sh
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

# Python, Qt's xcb platform plugin and what it loads, a font, and notify-send for desktop
# notifications.
debian_packages=(
    python3 python3-venv
    libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-shape0 libxcb-randr0 libegl1 libgl1 libfontconfig1
    libdbus-1-3 fonts-dejavu-core libnotify-bin
)

ensure_debian_packages warn "${debian_packages[@]}"
ensure_venv_exists
install_requirements requirements.txt

# Without arguments main.py opens the window; commands (e.g. --help) need no display.
if [[ $# -eq 0 && -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]]; then
    say "no DISPLAY or WAYLAND_DISPLAY: Rapport needs a graphical session to show its window"
fi

exec .venv/bin/python main.py "$@"
