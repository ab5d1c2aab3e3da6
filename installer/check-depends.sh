#!/usr/bin/env bash
# Checks the .deb's Depends against what its binaries really load: every shared library that
# `ldd` resolves for both binaries, and every Qt plugin they load at run time (platforms, SQL
# drivers, SVG) with the libraries of those plugins, must come from a package in the dependency
# closure of Depends (or an Essential one). Run after `apt-get install ./recoverydesk_*.deb`, so
# that a plugin missing from Depends is either absent or owned by an unlisted package.
# usage: installer/check-depends.sh DEB
set -euo pipefail
[[ $# -eq 1 && -f $1 ]] || { echo "usage: installer/check-depends.sh DEB" >&2; exit 2; }
deb="$1"
export LC_ALL=C

# Depends: "a (>= 1), b | c, ..." -> every named package, alternatives included.
mapfile -t direct < <(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed -E 's/\(.*\)//; s/:any//; s/[[:space:]]//g' | grep -v '^$')
declare -A ok=()
while read -r p; do ok[$p]=1; done < <(
    apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
        --no-enhances "${direct[@]}" | grep -v '^ ' | tr -d '<>')
while read -r p essential; do [[ $essential == yes ]] && ok[$p]=1; done < <(dpkg-query -W -f='${Package} ${Essential}\n')
for p in "${direct[@]}" "$(dpkg-deb -f "$deb" Package)"; do ok[$p]=1; done

plugins="$(qtpaths6 --plugin-dir 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/qt6/plugins)"
# What the two programs load besides their linked libraries: the X11 platform (desktop), the
# offscreen platform (the CLI's PDF reports), both SQL drivers (SQLite; PostgreSQL for team
# mode) and the SVG icon engine and image format (every icon in the desktop is an SVG).
needed=(/usr/bin/recoverydesk /usr/bin/recoverydesk-cli
        "$plugins/platforms/libqxcb.so" "$plugins/platforms/libqoffscreen.so"
        "$plugins/sqldrivers/libqsqlite.so" "$plugins/sqldrivers/libqsqlpsql.so"
        "$plugins/iconengines/libqsvgicon.so" "$plugins/imageformats/libqsvg.so")

failures=0
fail() { echo "Depends: $*" >&2; failures=$((failures + 1)); }
declare -A loadedBy=()
for file in "${needed[@]}"; do
    if [[ ! -e $file ]]; then
        fail "$file is missing after installing the package: add the package that ships it"
        continue
    fi
    loadedBy[$file]="$file"
    if ldd "$file" | grep -q '=> not found'; then
        fail "$file needs libraries no installed package has: $(ldd "$file" | grep '=> not found' | tr -s ' \t\n' ' ')"
    fi
    while read -r lib; do loadedBy[$lib]="$file"; done < <(ldd "$file" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }')
done

# Which package owns each file: one dpkg-query for all (each call reads dpkg's whole file list).
# ldd names /lib/... where dpkg registered /usr/lib/... (merged /usr), so ask for every spelling.
spellings() { printf '%s\n' "$1" "/usr$1" "${1#/usr}" "$(readlink -f "$1")" | grep '^/' | sort -u; }
declare -A candidates=()
for f in "${!loadedBy[@]}"; do
    while read -r candidate; do candidates[$candidate]=1; done < <(spellings "$f")
done
declare -A ownerOfPath=()
while IFS= read -r line; do
    [[ $line == *diversion* || $line != *": /"* ]] && continue # "diversion by x from: /p", "local diversion ..."
    path="${line#*: }"
    pkg="${line%%: /*}"; pkg="${pkg%%,*}"; pkg="${pkg%%:*}"
    [[ -z ${ownerOfPath[$path]:-} ]] && ownerOfPath[$path]="$pkg"
done < <(dpkg-query -S "${!candidates[@]}" 2>/dev/null || true)
declare -A ownerOf=()
for f in "${!loadedBy[@]}"; do
    while read -r candidate; do
        [[ -n ${ownerOfPath[$candidate]:-} ]] && { ownerOf[$f]="${ownerOfPath[$candidate]}"; break; }
    done < <(spellings "$f")
done

# The binaries and plugins first: when a plugin's package is missing, that is the line to read.
declare -A reported=()
for f in "${needed[@]}" "${!loadedBy[@]}"; do
    [[ -n ${loadedBy[$f]:-} && -z ${reported[$f]:-} ]] || continue
    reported[$f]=1
    pkg="${ownerOf[$f]:-}"
    what="$f (loaded by ${loadedBy[$f]})"
    [[ $f == "${loadedBy[$f]}" ]] && what="$f"
    if [[ -z $pkg ]]; then
        fail "$what belongs to no Debian package"
    elif [[ -z ${ok[$pkg]:-} ]]; then
        fail "$what comes from $pkg, which the package's Depends do not bring"
    fi
done
((failures == 0)) || exit 1
echo "Depends cover both binaries, their libraries and plugins: $(dpkg-deb -f "$deb" Depends)"
