#!/usr/bin/env bash
# RecoveryDesk developer entry point.
#   bash tools/rd.sh run    build and launch the desktop app on a demo database
#   bash tools/rd.sh test   build and run the whole test suite
#   bash tools/rd.sh test-asan   the same suite built with AddressSanitizer+UBSan (build-asan/)
#   bash tools/rd.sh fuzz   build the libFuzzer targets with clang (build-fuzz/) and fuzz each
#                           for RD_FUZZ_SECONDS (default 25) from its corpus in tests/fuzz/
#   bash tools/rd.sh bench  build and run every SPEC §13 benchmark (label bench) on SQLite and on a
#                           throw-away PostgreSQL cluster; their JSON rows go to build/bench/results.json,
#                           a chart of measured / target per row to build/bench/ratios.png
#   bash tools/rd.sh demo-db   only create the demo database `run` opens (with an existing build)
#   bash tools/rd.sh packages [base]   print every Debian package the commands above install, one a
#                           line (base: only those of run, test and test-asan, without fuzz's)
# Works on a fresh Debian 12 as root: installs what it needs (idempotently) first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${RD_BUILD_DIR:-$here/build}"
# The one list of Debian packages (`bash tools/rd.sh packages` prints it). tst_install_list proves
# it against what CMake loaded and what the tests call: a package installed by hand on a developer
# machine must not hide a missing entry (Qt6Charts needs Qt6OpenGL's CMake files, which come from
# libqt6opengl6-dev and which nothing else here pulls in).
packages=(
    cmake ninja-build ccache g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev qt6-charts-dev
    libqt6sql6-sqlite libqt6sql6-psql libqt6svg6
    libssl-dev openssl libsqlite3-dev sqlite3 libpq-dev python3
    postgresql-15 postgresql-client-15
    xvfb xauth
    poppler-utils desktop-file-utils appstream dpkg-dev file systemd
)
# Only for `fuzz`: clang 14 and its libFuzzer/sanitizer runtimes (Debian 12: libclang-rt-14-dev).
fuzz_packages=(clang libclang-rt-14-dev)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_packages() {
    local missing=()
    for p in "${packages[@]}" "$@"; do
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
    # core and ui use precompiled headers; ccache caches those objects only with this.
    export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
    if [[ ! -f "$build/build.ninja" ]]; then
        log "Configuring $build"
        cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    fi
    log "Building (2 cores, ccache)"
    cmake --build "$build" -j "$(nproc)"
}

# The demo database the app opens (kept between runs): its people and their passwords are the
# README's. tst_demo_database signs in with them.
make_demo_db() {
    local demo="$build/demo"
    export RECOVERYDESK_DB="${RECOVERYDESK_DB:-$demo/recoverydesk.sqlite}"
    export RECOVERYDESK_KEY_DIR="${RECOVERYDESK_KEY_DIR:-$demo/keys}"
    local cli="$build/app/cli/recoverydesk-cli"
    if [[ ! -f "$RECOVERYDESK_DB" ]]; then
        log "Creating the demo database $RECOVERYDESK_DB"
        RECOVERYDESK_NEW_PASSWORD=demo-admin-pass "$cli" init --admin demo-admin >/dev/null
        export RECOVERYDESK_PASSWORD=demo-admin-pass
        RECOVERYDESK_NEW_PASSWORD=demo-first-pass "$cli" --as demo-admin operator add agent --role agent --display-name "Alex Agent" >/dev/null
        # A supervisor gets a one-time password (whole here: the demo admin is alone).
        local once
        once=$("$cli" --as demo-admin --json operator add supervisor --role supervisor --display-name "Sam Supervisor" |
            sed -n 's/.*"one_time_password": *"\([^"]*\)".*/\1/p')
        "$cli" --as demo-admin demo >/dev/null
        # A password someone else chose only opens the first sign-in: the demo's people make theirs.
        RECOVERYDESK_PASSWORD=demo-first-pass RECOVERYDESK_NEW_PASSWORD=demo-agent-pass "$cli" --as agent operator password >/dev/null
        RECOVERYDESK_PASSWORD="$once" RECOVERYDESK_NEW_PASSWORD=demo-super-pass "$cli" --as supervisor operator password >/dev/null
        unset RECOVERYDESK_PASSWORD
    fi
}

run_app() {
    make_demo_db
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

# Each benchmark prints one JSON object a line next to its baseline; they are collected into one
# JSON array (the full log stays in build/bench/bench.log). Takes a quarter of an hour.
run_bench() {
    log "Running the benchmarks (SPEC §13) on SQLite and PostgreSQL"
    cd "$build"
    mkdir -p bench
    local rc=0
    ctest -L bench -V >bench/bench.log 2>&1 || rc=$?
    sed -n 's/^[0-9]*: \({.*}\)$/\1/p' bench/bench.log \
        | python3 -c 'import json, sys; print(json.dumps([json.loads(l) for l in sys.stdin], indent=1))' >bench/results.json
    log "$(python3 -c 'import json; print(len(json.load(open("bench/results.json"))))' ) rows in $build/bench/results.json"
    tests/benchmarks/bench_chart bench/results.json bench/ratios.png && log "Chart: $build/bench/ratios.png"
    ((rc == 0)) || { grep -E "Failed|\*\*\*" bench/bench.log >&2; log "A benchmark failed: see $build/bench/bench.log"; }
    return "$rc"
}

# The presets in CMakePresets.json say how: build-asan is a Debug build with -fsanitize=address,undefined,
# and its test preset runs the whole suite minus benchmarks. Only the crash test is made smaller there
# (RD_CRASH_ITERATIONS=6, RD_CRASH_BIG_LINES=20000 in the preset): its 200,000-line import is a
# benchmark-sized load that takes minutes unoptimized under ASan and finds nothing the 20,000-line
# run and the full-size run of the normal build do not.
run_asan_tests() {
    export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
    # core and ui use precompiled headers; ccache caches those objects only with this.
    export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
    cd "$here"
    [[ -f build-asan/build.ninja ]] || { log "Configuring build-asan"; cmake --preset asan >/dev/null; }
    log "Building with AddressSanitizer and UBSan"
    cmake --build --preset asan -j "$(nproc)"
    log "Running the test suite under AddressSanitizer and UBSan"
    ctest --preset asan -j "$(nproc)"
}

# Fuzzes each target for RD_FUZZ_SECONDS from its seed corpus. New inputs go to build-fuzz/corpus,
# crashes to build-fuzz/artifacts; a crash fails the run. To keep one as a regression test, copy it
# into tests/fuzz/<target>/ (tst_fuzzcorpus replays that directory in the normal suite).
run_fuzz() {
    export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
    # core and ui use precompiled headers; ccache caches those objects only with this.
    export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
    local seconds="${RD_FUZZ_SECONDS:-25}"
    cd "$here"
    [[ -f build-fuzz/build.ninja ]] || { log "Configuring build-fuzz (clang)"; cmake --preset fuzz >/dev/null; }
    log "Building the libFuzzer targets"
    cmake --build --preset fuzz -j "$(nproc)"
    local target
    for target in import_line code_normalizer diagnose_input database_url; do
        mkdir -p "build-fuzz/corpus/$target" "build-fuzz/artifacts"
        log "Fuzzing $target for ${seconds}s"
        ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
            "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -max_len=4096 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target-" \
            "build-fuzz/corpus/$target" "tests/fuzz/$target" 2>"build-fuzz/fuzz-$target.log" \
            || { tail -n 60 "build-fuzz/fuzz-$target.log" >&2; log "fuzz_$target found a crash (build-fuzz/artifacts)"; return 1; }
        grep -E "^Done [0-9]+ runs" "build-fuzz/fuzz-$target.log" >&2 || true
    done
}

case "${1:-}" in
    run) install_packages; configure_and_build; run_app ;;
    test) install_packages; configure_and_build; run_tests ;;
    bench) install_packages; configure_and_build; run_bench ;;
    demo-db) make_demo_db ;;
    test-asan) install_packages; run_asan_tests ;;
    fuzz) install_packages "${fuzz_packages[@]}"; run_fuzz ;;
    packages)
        if [[ ${2:-} == base ]]; then printf '%s\n' "${packages[@]}"  # what run, test and test-asan install
        else printf '%s\n' "${packages[@]}" "${fuzz_packages[@]}"; fi ;;
    *) echo "usage: bash tools/rd.sh run|test|test-asan|fuzz|bench|packages" >&2; exit 2 ;;
esac
