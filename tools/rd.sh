#!/usr/bin/env bash
# RecoveryDesk developer entry point.
#   bash tools/rd.sh run    build and launch the desktop app on a demo database
#   bash tools/rd.sh test   build and run the whole test suite
# Works on a fresh Debian 12 as root: installs what it needs (idempotently) first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RD_BUILD_DIR:-$here/build}"
packages=(
    cmake ninja-build ccache g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libgl-dev qt6-charts-dev libqt6svg6
    libssl-dev openssl sqlite3 python3
    xvfb xauth
    poppler-utils desktop-file-utils appstream dpkg-dev file
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        log "Installing Debian packages: ${missing[*]}"
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

configure_and_build() {
    export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
    if [[ ! -f "$build/build.ninja" ]]; then
        log "Configuring $build"
        cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    fi
    log "Building (2 cores, ccache)"
    cmake --build "$build" -j "$(nproc)"
}

run_app() {
    local demo="$build/demo"
    export RECOVERYDESK_DB="${RECOVERYDESK_DB:-$demo/recoverydesk.sqlite}"
    export RECOVERYDESK_KEY_DIR="${RECOVERYDESK_KEY_DIR:-$demo/keys}"
    local cli="$build/app/cli/recoverydesk-cli"
    if [[ ! -f "$RECOVERYDESK_DB" ]]; then
        log "Creating the demo database $RECOVERYDESK_DB"
        RECOVERYDESK_NEW_PASSWORD=demo-admin-pass "$cli" init --admin demo-admin >/dev/null
        export RECOVERYDESK_PASSWORD=demo-admin-pass
        RECOVERYDESK_NEW_PASSWORD=demo-agent-pass "$cli" --as demo-admin operator add agent --role agent --display-name "Alex Agent" >/dev/null
        RECOVERYDESK_NEW_PASSWORD=demo-super-pass "$cli" --as demo-admin operator add supervisor --role supervisor --display-name "Sam Supervisor" >/dev/null
        "$cli" --as demo-admin demo >/dev/null
        unset RECOVERYDESK_PASSWORD
    fi
    log "Sign in as agent / demo-agent-pass (or supervisor / demo-super-pass, demo-admin / demo-admin-pass)"
    if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
        log "No display found: running under Xvfb (xvfb-run)"
        exec xvfb-run -a "$build/app/desktop/recoverydesk"
    fi
    exec "$build/app/desktop/recoverydesk"
}

run_tests() {
    log "Running the test suite"
    cd "$build"
    ctest --output-on-failure -j "$(nproc)" -LE bench
}

case "${1:-}" in
    run) install_packages; configure_and_build; run_app ;;
    test) install_packages; configure_and_build; run_tests ;;
    *) echo "usage: bash tools/rd.sh run|test" >&2; exit 2 ;;
esac
