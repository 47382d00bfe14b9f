#!/usr/bin/env bash
# Turns the PyInstaller build dist/rapport/ (bash scripts/build.sh) into a Debian package:
#
#   bash scripts/build-deb.sh        ->  dist/rapport_<version>_<arch>.deb
#
# (RAPPORT_DIST_DIR names another folder than dist/ for both, as for scripts/build.sh.)
#
# Layout of the package:
#   /opt/rapport/                          the program folder, as built
#   /usr/bin/rapport                       symbolic link to /opt/rapport/rapport
#   /usr/share/applications/rapport.desktop
#   /usr/share/icons/hicolor/<N>x<N>/apps/rapport.png, scalable/apps/rapport.svg
#   /usr/share/doc/rapport/                copyright and README.Debian (the note on removal)
#
# Depends is worked out from the build itself, like dpkg-shlibdeps does: every shared
# library the bundled programs and libraries link to that PyInstaller did not bundle
# (libc, OpenGL/EGL, libxcb, Wayland) is looked up in the dpkg database of this machine,
# and libc6 gets the newest GLIBC symbol version they use. libfontconfig1 is added on top:
# the bundled fontconfig reads the system's font configuration and fonts.
#
# Users' data (~/.local/share/Rapport) is never touched by installing, upgrading or
# removing the package; the maintainer scripts only refresh the desktop and icon caches.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'build-deb.sh: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

dist_dir="${RAPPORT_DIST_DIR:-dist}"
bundle="$dist_dir/rapport"
[[ -x "$bundle/rapport" ]] || die "$bundle/rapport does not exist: run 'bash scripts/build.sh' first"
for tool in dpkg-deb dpkg-query objdump ldconfig; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian: apt-get install dpkg binutils libc-bin)"
done

version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' core/version.py)"
[[ -n "$version" ]] || die "no __version__ in core/version.py"
arch="$(dpkg --print-architecture)"
maintainer="${RAPPORT_DEB_MAINTAINER:-Rapport maintainers <maintainers@rapport.invalid>}"
package="$dist_dir/rapport_${version}_${arch}.deb"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
started=$(now_ms)

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/rapport"

# --- the dependencies, from what the bundle links to -----------------------------------------

elf_files() {
    find "$bundle" -type f \( -name '*.so' -o -name '*.so.*' -o -path "$bundle/rapport" \) -print0
}

system_depends() {
    local bundled needed missing=() packages=() name path owner libdir candidate
    # The folder of this architecture's libc (e.g. /lib/x86_64-linux-gnu) comes first, so a
    # multiarch machine's other architectures are not picked.
    libdir="$(ldd "$bundle/rapport" | awk '$1 == "libc.so.6" { print $3 }')"
    libdir="$(dirname "${libdir:-/lib/libc.so.6}")"
    bundled="$(find "$bundle" \( -name '*.so' -o -name '*.so.*' \) -printf '%f\n' | sort -u)"
    needed="$(elf_files | xargs -0 objdump -p 2>/dev/null | awk '$1 == "NEEDED" { print $2 }' | sort -u)"
    while read -r name; do
        [[ -n "$name" ]] || continue
        grep -qxF -- "$name" <<<"$bundled" && continue
        path=""
        for candidate in "$libdir/$name" "/usr$libdir/$name"; do
            [[ -e "$candidate" ]] && path="$candidate" && break
        done
        [[ -n "$path" ]] || path="$(ldconfig -p | awk -v lib="$name" '$1 == lib { print $NF; exit }')"
        if [[ -z "$path" ]]; then
            missing+=("$name")
            continue
        fi
        owner="$(dpkg-query -S "$path" 2>/dev/null || dpkg-query -S "$(readlink -f "$path")" 2>/dev/null ||
            dpkg-query -S "${path#/usr}" 2>/dev/null || true)"
        owner="${owner%%:*}"
        [[ -n "$owner" ]] || die "$name ($path) belongs to no Debian package: cannot name the dependency"
        packages+=("$owner")
    done <<<"$needed"
    ((${#missing[@]} == 0)) || die "the bundle needs libraries this machine does not have: ${missing[*]}"
    packages+=(libfontconfig1)
    local glibc
    glibc="$(elf_files | xargs -0 objdump -p 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' |
        sort -uV | tail -n 1)"
    printf '%s\n' "${packages[@]}" | sort -u | sed "s/^libc6\$/libc6 (>= ${glibc:-2.17})/" | paste -sd, - |
        sed 's/,/, /g'
}

depends="$(system_depends)"

# --- the file tree ---------------------------------------------------------------------------

install -d -m 0755 "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/doc/rapport"
cp -a "$bundle" "$root/opt/rapport"
ln -s /opt/rapport/rapport "$root/usr/bin/rapport"
install -m 0644 resources/rapport.desktop "$root/usr/share/applications/rapport.desktop"

icon_count=0
for png in resources/icons/rapport-[0-9]*.png; do
    side="${png##*-}"
    side="${side%.png}"
    install -D -m 0644 "$png" "$root/usr/share/icons/hicolor/${side}x${side}/apps/rapport.png"
    icon_count=$((icon_count + 1))
done
((icon_count > 0)) || die "no rendered icons resources/icons/rapport-<size>.png"
install -D -m 0644 resources/icons/rapport.svg "$root/usr/share/icons/hicolor/scalable/apps/rapport.svg"

cat >"$root/usr/share/doc/rapport/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Rapport

Files: *
License: MIT
 Rapport is distributed under the MIT License. The program folder /opt/rapport
 also contains Python, Qt (PySide6, LGPL-3.0) and other libraries, each under
 its own license; their license files are kept next to them in that folder.
EOF

cat >"$root/usr/share/doc/rapport/README.Debian" <<'EOF'
Rapport for Debian and Ubuntu
=============================

The program lives in /opt/rapport; /usr/bin/rapport starts it. With no command it
opens the window; `rapport --help` lists the commands, `rapport --self-test` checks
the installation.

Your data
---------
Each user's contacts, touches, check-ins, settings, log and automatic backups live in
~/.local/share/Rapport (or the folder named by $RAPPORT_DATA_DIR / --data-dir).
Installing, upgrading and removing this package never touch that folder, and neither
does `dpkg --purge`: after removing Rapport your data is still there. To delete it as
well, remove the folder yourself:

    rm -r ~/.local/share/Rapport

Calendar passwords are kept in your desktop's keyring (Secret Service) under the
service name "Rapport"; remove them with your keyring manager (e.g. Seahorse).
EOF

# Permissions as dpkg expects them: nothing group- or world-writable.
chmod -R u+rwX,go+rX,go-w "$root"

# --- control data ----------------------------------------------------------------------------

installed_kib="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat >"$root/DEBIAN/control" <<EOF
Package: rapport
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_kib
Depends: $depends
Suggests: gnome-keyring | keepassxc | kwalletmanager
Section: misc
Priority: optional
Description: keep your professional network warm
 Rapport tracks your contacts and every touch with them (lunches, calls,
 messages, referrals), notices who is going cold, and nudges you to book a
 10-minute check-in before a relationship fades. Local-first: no account,
 no cloud; your data stays in one SQLite file on your computer.
 .
 Your data in ~/.local/share/Rapport is never touched by installing,
 upgrading or removing this package; see /usr/share/doc/rapport/README.Debian.
EOF

cat >"$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
# Refresh the menus and the icon cache. Never fails: a missing tool only means the
# desktop picks Rapport up a little later.
set -e
if [ "$1" = "configure" ]; then
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f /usr/share/icons/hicolor/index.theme ]; then
        gtk-update-icon-cache -q -f /usr/share/icons/hicolor || true
    fi
fi
exit 0
EOF

cat >"$root/DEBIAN/postrm" <<'EOF'
#!/bin/sh
# Refresh the menus and the icon cache, and say where the user's data stays.
# Users' data folders are never touched, not even on purge.
set -e
case "$1" in
remove | purge)
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f /usr/share/icons/hicolor/index.theme ]; then
        gtk-update-icon-cache -q -f /usr/share/icons/hicolor || true
    fi
    ;;
esac
if [ "$1" = "remove" ]; then
    echo "Rapport was removed. Your data in ~/.local/share/Rapport was kept;" \
        "delete that folder yourself if you no longer need it."
fi
exit 0
EOF
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"

(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
    xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/md5sums" "$root/DEBIAN/control"

# --- the package -----------------------------------------------------------------------------

rm -f "$package"
dpkg-deb --root-owner-group -Zzstd --build "$root" "$package" >/dev/null
elapsed=$(($(now_ms) - started))
say "built $package ($(du -h "$package" | cut -f1), $((installed_kib / 1024)) MiB installed)" \
    "in $((elapsed / 1000)).$(((elapsed % 1000) / 100)) s"
say "Depends: $depends"
