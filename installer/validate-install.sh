#!/bin/sh
# Installs the build into a scratch prefix and checks what the package would ship:
# both binaries, the desktop entry and AppStream metadata (validated), the SVG icon, man pages.
# usage: validate-install.sh BUILD_DIR APP_ID
set -eu
build="$1"
app_id="$2"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/recoverydesk bin/recoverydesk-cli \
         "share/applications/$app_id.desktop" "share/metainfo/$app_id.metainfo.xml" \
         share/icons/hicolor/scalable/apps/recoverydesk.svg \
         share/man/man1/recoverydesk.1.gz share/man/man1/recoverydesk-cli.1.gz; do
    [ -f "$prefix/$f" ] || { echo "missing from the installation: $f" >&2; exit 1; }
done
desktop-file-validate "$prefix/share/applications/$app_id.desktop"
appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml"
gzip -t "$prefix/share/man/man1/recoverydesk.1.gz" "$prefix/share/man/man1/recoverydesk-cli.1.gz"
"$prefix/bin/recoverydesk-cli" --version
echo "installed metadata is valid"
