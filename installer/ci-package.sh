#!/usr/bin/env bash
# CI: build the .deb, check what it ships and depends on, install it the way a user would and
# run the CLI from PATH. usage: installer/ci-package.sh [BUILD_DIR]
set -euo pipefail
build="$(cd "${1:-build}" && pwd)"
cmake --build "$build" --target package
deb="$(ls "$build"/recoverydesk_*.deb | head -n 1)"
contents="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/recoverydesk ./usr/bin/recoverydesk-cli ./usr/share/applications/.*\.desktop \
         ./usr/share/metainfo/.*\.metainfo\.xml ./usr/share/icons/hicolor/scalable/apps/recoverydesk\.svg \
         ./usr/share/man/man1/recoverydesk\.1\.gz ./usr/share/man/man1/recoverydesk-cli\.1\.gz \
         ./usr/lib/systemd/system/recoverydesk-feed@\.service ./usr/lib/sysusers\.d/recoverydesk-feed\.conf; do
    grep -Eq " $f\$" <<<"$contents" || { echo "the package lacks $f" >&2; exit 1; }
done
depends="$(dpkg-deb -f "$deb" Depends)"
for lib in libqt6core6 libqt6gui6 libqt6widgets6 libqt6sql6 libssl3; do
    grep -q "$lib" <<<"$depends" || { echo "Depends lacks $lib: $depends" >&2; exit 1; }
done
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
(cd "$(dirname "$deb")" && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "./$(basename "$deb")" >/dev/null)
# What the installed binaries load (libraries and run-time Qt plugins) must come with Depends.
bash "$(dirname "${BASH_SOURCE[0]}")/check-depends.sh" "$deb"
command -v recoverydesk-cli
recoverydesk-cli --version
getent passwd recoverydesk-feed >/dev/null || { echo "installing the package made no recoverydesk-feed user" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen recoverydesk --version
