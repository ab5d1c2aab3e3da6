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
         share/man/man1/recoverydesk.1.gz share/man/man1/recoverydesk-cli.1.gz \
         lib/systemd/system/recoverydesk-feed@.service lib/sysusers.d/recoverydesk-feed.conf; do
    [ -f "$prefix/$f" ] || { echo "missing from the installation: $f" >&2; exit 1; }
done
desktop-file-validate "$prefix/share/applications/$app_id.desktop"
appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml"
# The feed's unit: systemd's own check (the instance, with the binary where the package puts it),
# and the hardening it promises.
unit="$prefix/lib/systemd/system/recoverydesk-feed@.service"
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (bash tools/rd.sh packages lists systemd)" >&2; exit 1; }
{
    checked="$(mktemp -d)"
    sed "s|/usr/bin/recoverydesk-cli|$prefix/bin/recoverydesk-cli|" "$unit" > "$checked/recoverydesk-feed@.service"
    ln -s "recoverydesk-feed@.service" "$checked/recoverydesk-feed@test.service"
    SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$checked/recoverydesk-feed@test.service" 2>&1 \
        | grep -v -e "Failed to prepare filename" -e "/etc/recoverydesk" -e "recoverydesk-feed\.conf" -e "^$" | tee "$checked/said" >&2 || true
    [ ! -s "$checked/said" ] || { rm -rf "$checked"; echo "systemd-analyze verify found problems in the feed unit" >&2; exit 1; }
    rm -rf "$checked"
}
for option in NoNewPrivileges=yes ProtectSystem=strict User=recoverydesk-feed LoadCredential= KillSignal=SIGTERM; do
    grep -q "^$option" "$unit" || { echo "the feed unit lacks $option" >&2; exit 1; }
done
gzip -t "$prefix/share/man/man1/recoverydesk.1.gz" "$prefix/share/man/man1/recoverydesk-cli.1.gz"
"$prefix/bin/recoverydesk-cli" --version
echo "installed metadata is valid"
