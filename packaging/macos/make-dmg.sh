#!/usr/bin/env bash
# macOS: packs dist/Rapport.app (built by pyinstaller.spec's BUNDLE) into a disk image:
#
#   pyinstaller --noconfirm --clean pyinstaller.spec
#   bash packaging/macos/make-dmg.sh          ->  dist/Rapport-<version>-<arch>.dmg
#
# The image opens as a window holding Rapport.app and a link to /Applications, so
# installing is dragging one onto the other. Compressed (UDZO), read-only.
#
# The app is ad-hoc signed by PyInstaller, not notarized: on first start macOS asks the
# user to confirm (Control-click Rapport.app > Open). To sign and notarize, set
# RAPPORT_CODESIGN_IDENTITY ("Developer ID Application: ...") and notarize the .dmg with
# `xcrun notarytool submit --wait` afterwards.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

say() { printf 'make-dmg.sh: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

[[ "$(uname -s)" == Darwin ]] || die "hdiutil exists only on macOS"
app=dist/Rapport.app
[[ -d "$app" ]] || die "$app does not exist: run 'pyinstaller --noconfirm --clean pyinstaller.spec' first"

version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' core/version.py)"
[[ -n "$version" ]] || die "no __version__ in core/version.py"
bundled="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$app/Contents/Info.plist")"
[[ "$bundled" == "$version" ]] || die "$app says version $bundled, core/version.py says $version: rebuild it"

if [[ -n "${RAPPORT_CODESIGN_IDENTITY:-}" ]]; then
    say "signing $app as $RAPPORT_CODESIGN_IDENTITY"
    codesign --force --deep --options runtime --timestamp --sign "$RAPPORT_CODESIGN_IDENTITY" "$app"
fi
codesign --verify --deep --strict "$app" || die "$app has a broken code signature"

arch="$(uname -m)"
image="dist/Rapport-${version}-${arch}.dmg"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

# ditto keeps the bundle's symbolic links, permissions and signatures intact.
ditto "$app" "$staging/Rapport.app"
ln -s /Applications "$staging/Applications"

rm -f "$image"
# hdiutil now and then fails with "Resource busy" on build machines; a retry succeeds.
for attempt in 1 2 3; do
    if hdiutil create -volname Rapport -srcfolder "$staging" -fs HFS+ -format UDZO \
        -imagekey zlib-level=9 -ov "$image"; then
        break
    fi
    ((attempt < 3)) || die "hdiutil create failed"
    say "hdiutil create failed (attempt $attempt); retrying"
    sleep 5
done
hdiutil verify "$image" >/dev/null || die "$image does not verify"
say "built $image ($(du -h "$image" | cut -f1))"
