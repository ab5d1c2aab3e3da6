#!/bin/sh
# Compiles a one-line file that includes HEADER with exactly the include path and definitions a
# target builds with, and checks the outcome: "refused" means the header must not be found from
# that layer, "allowed" that it must compile.
# usage: probe.sh refused|allowed HEADER COMPILER [-I... -D... flags]
set -u
expect="$1" header="$2" compiler="$3"
shift 3
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
printf '#include "%s"\n' "$header" > "$dir/probe.cpp"
"$compiler" -std=c++20 -fsyntax-only "$@" "$dir/probe.cpp" > "$dir/out" 2>&1
status=$?
case "$expect" in
allowed)
    [ $status -eq 0 ] && exit 0
    echo "\"$header\" should compile from this layer but does not:" >&2
    head -n 20 "$dir/out" >&2
    exit 1 ;;
refused)
    if [ $status -ne 0 ] && grep -q "$header: No such file or directory" "$dir/out"; then
        exit 0
    fi
    echo "\"$header\" is reachable from this layer: the layering is broken (see docs/ARCHITECTURE.md)" >&2
    head -n 20 "$dir/out" >&2
    exit 1 ;;
esac
echo "usage: probe.sh refused|allowed HEADER COMPILER FLAGS..." >&2
exit 2
