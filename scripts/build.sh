#!/usr/bin/env bash
# Builds the one-folder program dist/rapport/ with PyInstaller, then proves it works:
#
#   bash scripts/build.sh
#
# - installs (as root; otherwise names) the Debian libraries Qt's plugins need, which
#   PyInstaller copies into the bundle;
# - needs the virtualenv .venv with requirements-dev.txt (bash scripts/test.sh creates it;
#   or: python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt), or
#   another Python with them named by RAPPORT_PYTHON (the release workflow's);
# - RAPPORT_DIST_DIR and RAPPORT_WORK_DIR move dist/ and build/pyinstaller/ elsewhere
#   (the packaging test builds in its own temporary folder);
# - runs `pyinstaller --noconfirm --clean pyinstaller.spec` (the only build command);
# - runs `dist/rapport/rapport --self-test` offscreen, then `--version` and a few commands
#   on a scratch data folder, so a module PyInstaller missed fails here and not on a
#   user's machine.
# Then `bash scripts/build-deb.sh` turns dist/rapport/ into a .deb.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'build.sh: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

# --- what a complete bundle needs on the build machine ----------------------------------------

# PyInstaller copies the libraries Qt's platform plugins link to from this machine (and
# objdump finds them), so they must be installed here: a missing one would leave the
# program unable to open its window on some desktops.
debian_packages=(
    binutils libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
    libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libegl1 libgl1 libfontconfig1
    libdbus-1-3 libwayland-client0 libwayland-cursor0 libwayland-egl1
)

ensure_debian_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0 # not Debian: the maintainer knows the system
    local -a missing=()
    local package installed
    installed="$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${debian_packages[@]}" 2>/dev/null |
        awk '$1 == "ii" { print $2 }' || true)"
    for package in "${debian_packages[@]}"; do
        grep -qx -- "$package" <<<"$installed" || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    if [[ "$(id -u)" != "0" ]]; then
        die "missing Debian packages: ${missing[*]}; install them with:" \
            "sudo apt-get install --no-install-recommends ${missing[*]}"
    fi
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

ensure_debian_packages

# --- the virtualenv ------------------------------------------------------------------------------

python="${RAPPORT_PYTHON:-.venv/bin/python}"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null ||
    die "no Python 3.11+ at $python: run 'bash scripts/test.sh' once, or create the virtualenv with" \
        "'python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt'"
"$python" -c 'import PyInstaller, PySide6, peewee, keyring, plyer' 2>/dev/null ||
    die "$python lacks the build requirements: $python -m pip install -r requirements-dev.txt"

# --- the build -----------------------------------------------------------------------------------

version="$("$python" -c 'from core.version import __version__; print(__version__)')"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds() { printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100)); }

started=$(now_ms)
say "building Rapport $version with PyInstaller $("$python" -m PyInstaller --version)"
dist_dir="${RAPPORT_DIST_DIR:-dist}"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist_dir" --workpath "${RAPPORT_WORK_DIR:-build/pyinstaller}" pyinstaller.spec
built=$(now_ms)

program="$dist_dir/rapport/rapport"
[[ -x "$program" ]] || die "$program was not built"

# --- does it work? ---------------------------------------------------------------------------------

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

say "self-test of the built program (offscreen)"
QT_QPA_PLATFORM=offscreen RAPPORT_DATA_DIR="$scratch/data" "$program" --self-test ||
    die "the built program failed its self-test"

say "the command line of the built program"
[[ "$("$program" --version)" == "Rapport $version" ]] || die "--version does not say Rapport $version"
commands=(
    "add 'Ada Lovelace' --company 'Analytical Engines' --circle Inner"
    "log Ada call --date 2026-01-05"
    "today --json"
    "search Ada"
    "show Ada"
    "export vcard $scratch/contacts.vcf"
    "backup"
)
for command in "${commands[@]}"; do
    eval "set -- $command"
    "$program" --data-dir "$scratch/data" "$@" >"$scratch/out" 2>&1 ||
        die "'rapport $command' failed: $(cat "$scratch/out")"
done

checked=$(now_ms)
size="$(du -sh "$dist_dir/rapport" | cut -f1)"
say "built $dist_dir/rapport/ ($size) in $(seconds $((built - started))) s;" \
    "checks took $(seconds $((checked - built))) s"
