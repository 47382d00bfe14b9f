# shellcheck shell=bash
# What scripts/run.sh and scripts/test.sh share: Debian packages and the virtualenv.
# Sourced, not run: the including script sets SCRIPT_NAME and has cd'ed to the project root.

say() { printf '%s: %s\n' "${SCRIPT_NAME:-rapport}" "$*" >&2; }

# The packages among "$@" that dpkg does not list as installed, one per line.
missing_packages() {
    local installed
    installed="$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "$@" 2>/dev/null |
        awk '$1 == "ii" { print $2 }' || true)"
    local pkg
    for pkg in "$@"; do
        grep -qx -- "$pkg" <<<"$installed" || printf '%s\n' "$pkg"
    done
}

# ensure_debian_packages ON_MISSING PACKAGE...
# Installs the missing ones with apt-get when run as root. Otherwise prints the command to
# install them and, with ON_MISSING "fail", exits 1; with "warn" it goes on.
ensure_debian_packages() {
    local on_missing="$1"
    shift
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "not a Debian system: make sure the equivalents of these are installed: $*"
        return 0
    fi
    local -a missing
    mapfile -t missing < <(missing_packages "$@")
    ((${#missing[@]})) || return 0
    if [[ "$(id -u)" != "0" ]]; then
        say "missing Debian packages: ${missing[*]}"
        say "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
        [[ "$on_missing" == "warn" ]] || exit 1
        say "trying to start anyway"
        return 0
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

requirements_hash() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

# A working .venv, created with RAPPORT_VENV_PYTHON (default python3, 3.11 or newer) if needed.
ensure_venv_exists() {
    .venv/bin/python -c 'import sys' >/dev/null 2>&1 && return 0
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
}

# install_requirements FILE: pip-installs FILE into .venv unless it is unchanged since the
# last install. requirements-dev.txt includes requirements.txt, so installing it marks both.
install_requirements() {
    local file="$1" wanted
    wanted="$(requirements_hash requirements.txt "$file")"
    [[ "$(cat ".venv/.${file%.txt}.sha256" 2>/dev/null)" == "$wanted" ]] && return 0
    say "installing $file into .venv"
    PIP_NO_INPUT=1 .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -r "$file"
    printf '%s\n' "$wanted" >".venv/.${file%.txt}.sha256"
    if [[ "$file" != "requirements.txt" ]]; then
        requirements_hash requirements.txt requirements.txt >.venv/.requirements.sha256
    fi
}
