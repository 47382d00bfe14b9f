#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup functions run from traps
# Runs a command inside a private, throw-away Linux desktop:
#
#   bash scripts/desktop-services.sh [--] COMMAND [ARGS...]
#
# Started, each one checked before COMMAND runs (no service is ever optional):
#   - a private D-Bus session bus (dbus-daemon), exported as DBUS_SESSION_BUS_ADDRESS
#   - Xvfb on a free display (1600x1000x24), exported as DISPLAY
#   - status-notifier-watcher: owns org.kde.StatusNotifierWatcher, so Qt's system tray works
#   - dunst: owns org.freedesktop.Notifications; `dunstctl close-all; dunstctl history` lists
#     what arrived
#   - gnome-keyring-daemon (secrets only) with a fresh, unlocked login keyring; a secret is
#     stored, read back and deleted through Python's `keyring` before COMMAND runs
#
# XDG_RUNTIME_DIR, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME point to
# fresh folders under one temporary directory, removed afterwards. RAPPORT_TEST_SERVICES=1 is
# exported so tests know the services are up. QT_QPA_PLATFORM is unset (the test suite picks
# offscreen by default; tests that need the real display ask for xcb themselves).
#
# Exit status: COMMAND's, or 1 when a service does not come up (the failing one is named).
# Every process started here, and anything they or COMMAND leave running, is stopped on exit.
#
# Settings (environment):
#   RAPPORT_SERVICES_TIMEOUT   seconds to wait for each service (default 10)
#   RAPPORT_NOTIFY_DAEMON      notification daemon command (default dunst)
#   RAPPORT_TRAY_WATCHER       tray watcher command (default status-notifier-watcher)
#   RAPPORT_PYTHON             Python with `keyring` installed (default .venv/bin/python)
#   RAPPORT_KEEP_SERVICE_LOGS  1 = keep the temporary directory with the service logs

set -euo pipefail

if [[ "${1:-}" == "--" ]]; then
    shift
fi
if [[ $# -eq 0 ]]; then
    echo "usage: bash scripts/desktop-services.sh [--] COMMAND [ARGS...]" >&2
    exit 2
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
timeout_s="${RAPPORT_SERVICES_TIMEOUT:-10}"
notify_daemon="${RAPPORT_NOTIFY_DAEMON:-dunst}"
tray_watcher="${RAPPORT_TRAY_WATCHER:-status-notifier-watcher}"
python_bin="${RAPPORT_PYTHON:-$repo_root/.venv/bin/python}"

say() { printf 'desktop-services: %s\n' "$*" >&2; }

now_us() { local t="${EPOCHREALTIME/./}"; printf '%s' "$((10#$t))"; }
started_us="$(now_us)"

# Every process started from here on inherits this marker; cleanup stops exactly those.
run_id="$$-${RANDOM}${RANDOM}"
export RAPPORT_SERVICES_RUN="$run_id"

run_dir="$(mktemp -d "${TMPDIR:-/tmp}/rapport-desktop.XXXXXX")"
chmod 0700 "$run_dir"
log_dir="$run_dir/logs"
mkdir -p "$log_dir"

bus_pid=""
declare -a child_pids=()
command_pid=""

# --- cleanup -----------------------------------------------------------------------------

pid_alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

stop_pids() {
    local pid waited=0
    for pid in "$@"; do
        if pid_alive "$pid"; then kill -TERM "$pid" 2>/dev/null; fi
    done
    # Up to 2 s for a clean exit, then SIGKILL.
    while ((waited < 40)); do
        local any=0
        for pid in "$@"; do
            if pid_alive "$pid" && [[ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != "Z" ]]; then
                any=1
            fi
        done
        ((any)) || break
        sleep 0.05
        waited=$((waited + 1))
    done
    for pid in "$@"; do
        if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null; fi
    done
}

# Processes carrying this run's marker (services started by the bus, apps a test left behind).
marked_pids() {
    # Builtins only: no helper process of our own shows up in the scan.
    local proc pid entry
    local -a entries
    for proc in /proc/[0-9]*; do
        pid="${proc#/proc/}"
        [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
        entries=()
        { mapfile -d '' -t entries <"$proc/environ"; } 2>/dev/null || continue
        for entry in "${entries[@]}"; do
            if [[ "$entry" == "RAPPORT_SERVICES_RUN=$run_id" ]]; then
                printf '%s\n' "$pid"
                break
            fi
        done
    done
}

cleanup_done=0
cleanup() {
    ((cleanup_done)) && return 0
    cleanup_done=1
    trap - EXIT INT TERM HUP
    set +e
    local -a pids=()
    # Reverse start order: dunst, keyring, watcher, Xvfb; the bus last.
    local i
    for ((i = ${#child_pids[@]} - 1; i >= 0; i--)); do
        pids+=("${child_pids[i]}")
    done
    stop_pids "${pids[@]}"
    wait "${child_pids[@]}" 2>/dev/null
    mapfile -t pids < <(marked_pids)
    ((${#pids[@]})) && stop_pids "${pids[@]}"
    stop_pids "$bus_pid"
    [[ -n "$bus_pid" ]] && wait "$bus_pid" 2>/dev/null
    if [[ "${RAPPORT_KEEP_SERVICE_LOGS:-0}" == "1" ]]; then
        say "logs kept in $log_dir"
    else
        rm -rf "$run_dir"
    fi
}

on_signal() {
    local sig="$1" code="$2"
    # Ctrl-C already reached COMMAND through the terminal; TERM/HUP are passed on.
    if [[ "$sig" != "INT" ]] && pid_alive "$command_pid"; then
        kill -"$sig" "$command_pid" 2>/dev/null || true
    fi
    if pid_alive "$command_pid"; then
        wait "$command_pid" 2>/dev/null || true
    fi
    cleanup
    exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

fail() {
    # fail SERVICE MESSAGE [LOGFILE]
    say "FAILED: $1: $2"
    if [[ -n "${3:-}" && -s "$3" ]]; then
        say "last lines of $(basename "$3"):"
        tail -n 20 "$3" | sed 's/^/    /' >&2
    fi
    exit 1
}

need_command() {
    # need_command SERVICE COMMAND
    command -v "$2" >/dev/null 2>&1 ||
        fail "$1" "command '$2' not found (bash scripts/test.sh installs the Debian packages)"
}

# --- environment -------------------------------------------------------------------------

export XDG_RUNTIME_DIR="$run_dir/runtime"
export XDG_DATA_HOME="$run_dir/data"
export XDG_CONFIG_HOME="$run_dir/config"
export XDG_CACHE_HOME="$run_dir/cache"
export XDG_STATE_HOME="$run_dir/state"
mkdir -m 0700 "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" \
    "$XDG_STATE_HOME"

# Nothing from the caller's own desktop may leak in.
unset WAYLAND_DISPLAY XAUTHORITY DISPLAY DBUS_SESSION_BUS_ADDRESS QT_QPA_PLATFORM \
    QT_QPA_PLATFORMTHEME XDG_CURRENT_DESKTOP XDG_SESSION_DESKTOP XDG_SESSION_TYPE \
    DESKTOP_SESSION KDE_FULL_SESSION GNOME_KEYRING_CONTROL SSH_AUTH_SOCK PYTHON_KEYRING_BACKEND

need_command "session bus" dbus-daemon
need_command "session bus" dbus-send
need_command "X display" Xvfb
need_command "tray watcher" "$tray_watcher"
need_command "notification daemon" "$notify_daemon"
need_command "keyring" gnome-keyring-daemon
[[ -x "$python_bin" ]] || fail "keyring" "no Python at $python_bin (bash scripts/test.sh creates .venv)"

# --- helpers to wait ---------------------------------------------------------------------

deadline_us() { printf '%s' "$(($(now_us) + timeout_s * 1000000))"; }

name_has_owner() {
    local reply
    reply="$(dbus-send --session --print-reply=literal --reply-timeout=2000 \
        --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
        "string:$1" 2>/dev/null)" || return 1
    [[ "$reply" == *true* ]]
}

wait_for_name() {
    # wait_for_name SERVICE BUS_NAME PID LOGFILE
    local end
    end="$(deadline_us)"
    until name_has_owner "$2"; do
        pid_alive "$3" || fail "$1" "process exited before it owned $2 on the session bus" "$4"
        (($(now_us) < end)) || fail "$1" "$2 not owned on the session bus after ${timeout_s} s" "$4"
        sleep 0.02
    done
}

# --- X display (the slowest to start: first) and the session bus ---------------------------

display_file="$run_dir/display"
: >"$display_file"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$display_file" \
    >"$log_dir/xvfb.log" 2>&1 </dev/null &
xvfb_pid=$!
child_pids+=("$xvfb_pid")

bus_address_file="$run_dir/bus-address"
: >"$bus_address_file"
# Not --fork: the daemon stays this script's child, so it is reaped and stopped like the rest.
dbus-daemon --session --address="unix:path=$XDG_RUNTIME_DIR/bus" --nofork --nopidfile \
    --print-address=3 3>"$bus_address_file" >"$log_dir/dbus-daemon.log" 2>&1 </dev/null &
bus_pid=$!
end="$(deadline_us)"
until [[ -s "$bus_address_file" ]]; do
    pid_alive "$bus_pid" || fail "session bus" "dbus-daemon exited" "$log_dir/dbus-daemon.log"
    (($(now_us) < end)) || fail "session bus" "no address after ${timeout_s} s" "$log_dir/dbus-daemon.log"
    sleep 0.005
done
DBUS_SESSION_BUS_ADDRESS="$(head -n 1 "$bus_address_file")"
export DBUS_SESSION_BUS_ADDRESS

# --- services that need only the bus ---------------------------------------------------------

"$tray_watcher" >"$log_dir/tray-watcher.log" 2>&1 </dev/null &
watcher_pid=$!
child_pids+=("$watcher_pid")

# A fresh login keyring is created with this password and left unlocked. The password only
# lives for this run, inside this run's private folders.
keyring_password="rapport-test-${run_id}"
printf '%s' "$keyring_password" >"$run_dir/keyring-password"
chmod 0600 "$run_dir/keyring-password"
gnome-keyring-daemon --foreground --unlock --components=secrets \
    <"$run_dir/keyring-password" >"$run_dir/keyring.env" 2>"$log_dir/gnome-keyring.log" &
keyring_pid=$!
child_pids+=("$keyring_pid")

# --- wait until the X display answers -------------------------------------------------------

end="$(deadline_us)"
until [[ -s "$display_file" ]]; do
    pid_alive "$xvfb_pid" || fail "X display" "Xvfb exited" "$log_dir/xvfb.log"
    (($(now_us) < end)) || fail "X display" "Xvfb not ready after ${timeout_s} s" "$log_dir/xvfb.log"
    sleep 0.01
done
display_number="$(tr -dc '0-9' <"$display_file")"
export DISPLAY=":$display_number"
if command -v xdotool >/dev/null 2>&1; then
    until geometry="$(xdotool getdisplaygeometry 2>/dev/null)"; do
        (($(now_us) < end)) || fail "X display" "$DISPLAY does not answer" "$log_dir/xvfb.log"
        sleep 0.02
    done
else
    [[ -S "/tmp/.X11-unix/X$display_number" ]] || fail "X display" "no socket for $DISPLAY" "$log_dir/xvfb.log"
    geometry="1600 1000"
fi

# Services the bus starts on demand should see the display too.
dbus-send --session --type=method_call --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.UpdateActivationEnvironment "dict:string:string:DISPLAY,$DISPLAY" \
    2>/dev/null || true

# --- notification daemon (needs the display) ---------------------------------------------

mkdir -p "$XDG_CONFIG_HOME/dunst"
dunstrc="$XDG_CONFIG_HOME/dunst/dunstrc"
cat >"$dunstrc" <<'EOF'
# Test desktop: keep every notification in the history so tests can read what arrived
# with `dunstctl close-all; dunstctl history`.
[global]
    monitor = 0
    follow = none
    width = 320
    height = 120
    origin = top-right
    offset = 10x10
    font = DejaVu Sans 9
    markup = full
    format = "<b>%s</b>\n%b"
    history_length = 1000
    sticky_history = yes
    idle_threshold = 0
    show_age_threshold = -1
    startup_notification = false

[urgency_low]
    timeout = 10

[urgency_normal]
    timeout = 10

[urgency_critical]
    timeout = 0
EOF
if [[ "$(basename "$notify_daemon")" == "dunst" ]]; then
    "$notify_daemon" -config "$dunstrc" >"$log_dir/notify-daemon.log" 2>&1 </dev/null &
else
    "$notify_daemon" >"$log_dir/notify-daemon.log" 2>&1 </dev/null &
fi
notify_pid=$!
child_pids+=("$notify_pid")

# --- wait for the bus names --------------------------------------------------------------

wait_for_name "tray watcher ($tray_watcher)" org.kde.StatusNotifierWatcher "$watcher_pid" \
    "$log_dir/tray-watcher.log"
wait_for_name "keyring (gnome-keyring-daemon)" org.freedesktop.secrets "$keyring_pid" \
    "$log_dir/gnome-keyring.log"
wait_for_name "notification daemon ($notify_daemon)" org.freedesktop.Notifications "$notify_pid" \
    "$log_dir/notify-daemon.log"

# gnome-keyring may print variables to export (GNOME_KEYRING_CONTROL, SSH_AUTH_SOCK).
while IFS='=' read -r key value; do
    if [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]]; then
        export "$key=$value"
    fi
done <"$run_dir/keyring.env"

# --- prove the Secret Service really stores secrets --------------------------------------

# Bounded: a keyring that wants to prompt would otherwise wait forever.
if ! keyring_check="$(timeout "${timeout_s}s" "$python_bin" - 2>&1 <<'EOF'
import secrets
import sys

import keyring

backend = keyring.get_keyring()
name = f"{type(backend).__module__}.{type(backend).__qualname__}"
if "SecretService" not in name:
    sys.exit(f"keyring backend is {name}, not the Secret Service")
service, user, value = "rapport-desktop-services-check", "probe", secrets.token_hex(8)
backend.set_password(service, user, value)
if backend.get_password(service, user) != value:
    sys.exit("secret read back differs from the one stored")
backend.delete_password(service, user)
if backend.get_password(service, user) is not None:
    sys.exit("secret still present after delete")
print(name)
EOF
)"; then
    printf '%s\n' "$keyring_check" >>"$log_dir/gnome-keyring.log"
    fail "keyring (Secret Service)" "store/read/delete of a test secret failed" "$log_dir/gnome-keyring.log"
fi

export RAPPORT_TEST_SERVICES=1
elapsed_ms=$((($(now_us) - started_us) / 1000))
{
    say "display $DISPLAY (Xvfb ${geometry/ /x}), bus $DBUS_SESSION_BUS_ADDRESS"
    say "up in ${elapsed_ms} ms: Xvfb, $tray_watcher (org.kde.StatusNotifierWatcher)," \
        "$notify_daemon (org.freedesktop.Notifications), gnome-keyring (org.freedesktop.secrets," \
        "unlocked; $keyring_check)"
}

# --- run the command ---------------------------------------------------------------------

# In the background so TERM/HUP reach the traps at once; stdin is handed on explicitly.
set +e
"$@" <&0 &
command_pid=$!
wait "$command_pid"
status=$?
set -e
command_pid=""
exit "$status"
