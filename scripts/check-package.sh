#!/usr/bin/env bash
# Installs the .deb, runs the installed program, removes it again and checks that nothing
# but the user's data is left:
#
#   bash scripts/check-package.sh [dist/rapport_<version>_<arch>.deb]
#
# Needs root (dpkg) and a machine where the package `rapport` is not installed yet.
# 1. a user's data folder is created before the install (a scratch HOME, never root's own);
# 2. `dpkg -i`, then from /usr/bin and with a bare environment: `rapport --self-test`
#    (offscreen; it names the notification and keyring backends when the session's
#    services are reachable), `rapport --version`, and a command that writes user data;
# 3. `desktop-file-validate` on the installed .desktop file, the icons in hicolor;
# 4. `dpkg -r`, then `dpkg --purge`: every file and link the package shipped is gone,
#    /opt/rapport is gone, and the user's data folder is byte for byte what it was before.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'check-package.sh: %s\n' "$*" >&2; }
fail() {
    say "FAILED: $*"
    exit 1
}

version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' core/version.py)"
package="${1:-dist/rapport_${version}_$(dpkg --print-architecture).deb}"
[[ -f "$package" ]] || fail "$package does not exist: run 'bash scripts/build.sh && bash scripts/build-deb.sh'"
[[ "$(id -u)" == "0" ]] || fail "dpkg needs root: run this as root (CI runs as root)"
command -v desktop-file-validate >/dev/null 2>&1 ||
    fail "desktop-file-validate is missing (Debian: apt-get install desktop-file-utils)"
# One check at a time on a machine: two would install and remove the same package.
exec 9>/run/lock/rapport-check-package.lock
flock -w 600 9 || fail "another check-package.sh has been running for 10 minutes"
if dpkg-query -W -f='${db:Status-Abbrev}' rapport 2>/dev/null | grep -q '^[ih]i'; then
    fail "the package rapport is already installed here; remove it first (dpkg -r rapport)"
fi

now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }

scratch="$(mktemp -d)"
installed=""
cleanup() {
    # A check that failed half-way must not leave the package installed.
    if [[ -n "$installed" ]]; then
        dpkg --purge rapport >/dev/null 2>&1 || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT

# What the package ships (without the leading "."), to prove removal took all of it.
mapfile -t shipped < <(dpkg-deb --fsys-tarfile "$package" | tar -t | sed 's|^\./|/|; s|/$||' | grep -v '^/\?$')

# --- a user's data folder that exists before the install -----------------------------------

home="$scratch/home"
data="$home/.local/share/Rapport"
mkdir -p "$data"
chmod 0700 "$data"
printf 'made before Rapport was installed: %s\n' "$(date -u +%FT%TZ)" >"$data/keep-me.txt"

data_fingerprint() { (cd "$data" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

# The installed program runs with a bare environment (nothing from this repository or its
# virtualenv), keeping only what reaches the session's services when they run.
run_installed() {
    local -a environment=(HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen)
    local name
    for name in DISPLAY WAYLAND_DISPLAY XDG_RUNTIME_DIR DBUS_SESSION_BUS_ADDRESS; do
        [[ -n "${!name:-}" ]] && environment+=("$name=${!name}")
    done
    (cd / && env -i "${environment[@]}" "$@")
}

# --- install ---------------------------------------------------------------------------------

started=$(now_ms)
installed=yes
dpkg -i "$package" >"$scratch/dpkg-install.log" 2>&1 ||
    fail "dpkg -i $package: $(tail -n 5 "$scratch/dpkg-install.log")" \
        "(missing dependencies? install it with: apt-get install ./$package)"
install_ms=$(($(now_ms) - started))
say "installed $package in $(seconds "$install_ms")"

[[ "$(readlink -f /usr/bin/rapport)" == /opt/rapport/rapport ]] || fail "/usr/bin/rapport does not lead to /opt/rapport/rapport"
[[ "$(run_installed sh -c 'command -v rapport')" == /usr/bin/rapport ]] || fail "rapport is not found on PATH as /usr/bin/rapport"

# --- run it ----------------------------------------------------------------------------------

say "rapport --self-test (from /usr/bin)"
if ! run_installed rapport --self-test | tee "$scratch/self-test.txt"; then
    fail "rapport --self-test failed"
fi
[[ "$(tail -n 1 "$scratch/self-test.txt")" == OK ]] || fail "rapport --self-test did not end with OK"

reported="$(run_installed rapport --version)"
[[ "$reported" == "Rapport $version" ]] || fail "rapport --version says '$reported', not 'Rapport $version'"
say "rapport --version: $reported"

run_installed rapport add "Ada Lovelace" --company "Analytical Engines" >/dev/null ||
    fail "rapport add (writing to the user's data folder) failed"
[[ -f "$data/rapport.sqlite" ]] || fail "rapport add did not write $data/rapport.sqlite"
[[ "$(run_installed rapport search Ada)" == *"Ada Lovelace"* ]] || fail "rapport search does not find what was added"

# --- desktop integration ---------------------------------------------------------------------

desktop_file=/usr/share/applications/rapport.desktop
desktop-file-validate "$desktop_file" || fail "desktop-file-validate $desktop_file"
for icon in /usr/share/icons/hicolor/scalable/apps/rapport.svg /usr/share/icons/hicolor/{16x16,48x48,256x256}/apps/rapport.png; do
    [[ -s "$icon" ]] || fail "$icon is missing"
done
say "desktop entry valid; icons in hicolor"

# --- remove ----------------------------------------------------------------------------------

before_removal="$(data_fingerprint)"
started=$(now_ms)
dpkg -r rapport >"$scratch/dpkg-remove.log" 2>&1 || fail "dpkg -r rapport: $(tail -n 5 "$scratch/dpkg-remove.log")"
remove_ms=$(($(now_ms) - started))
installed=""
say "removed in $(seconds "$remove_ms"); dpkg said: $(grep -h 'Your data' "$scratch/dpkg-remove.log" || echo '(no note)')"
grep -q 'Your data' "$scratch/dpkg-remove.log" || fail "dpkg -r did not print the note about the user's data"

status="$(dpkg-query -W -f='${db:Status-Abbrev}' rapport 2>/dev/null || true)"
[[ "$status" == rc* || "$status" == un* ]] || fail "after dpkg -r the package status is '$status'"
left=()
for path in "${shipped[@]}"; do
    [[ -e "$path" || -L "$path" ]] || continue
    # A shared folder (/usr/share/icons/hicolor/16x16/apps...) stays when another package
    # owns it too; one no package owns any more should have gone with ours.
    if [[ -d "$path" && ! -L "$path" ]] && dpkg-query -S "$path" >/dev/null 2>&1; then
        continue
    fi
    left+=("$path")
done
[[ -e /opt/rapport ]] && left+=(/opt/rapport)
((${#left[@]} == 0)) || fail "left behind after removal: ${left[*]:0:10}"

[[ -d "$data" ]] || fail "the user's data folder $data is gone"
[[ "$(data_fingerprint)" == "$before_removal" ]] || fail "the user's data changed during removal"
[[ -f "$data/keep-me.txt" && -f "$data/rapport.sqlite" ]] || fail "the user's files are not all there"

# Purging (the maintainer scripts' last call) leaves the user's data alone as well.
dpkg --purge rapport >"$scratch/dpkg-purge.log" 2>&1 || fail "dpkg --purge rapport: $(tail -n 5 "$scratch/dpkg-purge.log")"
status="$(dpkg-query -W -f='${db:Status-Abbrev}' rapport 2>/dev/null || true)"
[[ -z "$status" || "$status" == un* || "$status" == pn* ]] || fail "after dpkg --purge the package status is '$status'"
[[ "$(data_fingerprint)" == "$before_removal" ]] || fail "the user's data changed during purge"

say "OK: installed, ran, validated and removed cleanly; the user's data in ~/.local/share/Rapport was kept" \
    "(install $(seconds "$install_ms"), removal $(seconds "$remove_ms"))"
