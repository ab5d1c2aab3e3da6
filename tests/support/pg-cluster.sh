#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster on 127.0.0.1 for the `postgres` tests and benchmarks.
#   pg-cluster.sh start STATE_DIR   initdb + pg_ctl start on a free port, roles.sql, passwords;
#                                   writes STATE_DIR/env (PORT, SOCKET, PGPASSFILE, CLUSTER, CA)
#   pg-cluster.sh stop STATE_DIR    stops the server and removes the cluster and STATE_DIR
# As root the server runs as the `postgres` system user (initdb refuses root). Nothing is
# assumed running; nothing outside the cluster's own temporary directory is touched.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin=/usr/lib/postgresql/15/bin
cmd="${1:-}"
state="${2:-}"
[[ -n "$cmd" && -n "$state" ]] || { echo "usage: pg-cluster.sh start|stop STATE_DIR" >&2; exit 2; }

as_server() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Removes only what start made: a state directory carrying start's marker, and a cluster under
# /tmp/rd-pgtest.* (env is read as data, never sourced).
stop() {
    [[ -e "$state" ]] || return 0
    if [[ ! -f "$state/.rd-pgtest" ]]; then
        echo "pg-cluster.sh: $state was not made by pg-cluster.sh start; leaving it alone." >&2
        return 1
    fi
    local cluster=""
    [[ -f "$state/env" ]] && cluster="$(sed -n 's/^CLUSTER=//p' "$state/env")"
    if [[ "$cluster" =~ ^/tmp/rd-pgtest\.[A-Za-z0-9]+$ && -d "$cluster" ]]; then
        as_server "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$cluster"
    fi
    rm -rf "$state"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    [[ -x "$bin/initdb" ]] || { echo "PostgreSQL 15 is not installed (Debian package postgresql-15)." >&2; exit 3; }
    stop
    mkdir -p "$state"
    : >"$state/.rd-pgtest"
    local cluster
    cluster="$(mktemp -d /tmp/rd-pgtest.XXXXXX)"
    chmod 0755 "$cluster"
    [[ $(id -u) -ne 0 ]] || chown postgres: "$cluster"
    as_server "$bin/initdb" -D "$cluster/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$cluster/initdb.log" 2>&1 \
        || { cat "$cluster/initdb.log" >&2; exit 3; }
    # Local connections are trusted (the tests create databases as the superuser), so only the
    # cluster's own user may reach the socket: a private directory and a 0700 socket.
    mkdir -m 0700 -p "$cluster/sock"
    [[ $(id -u) -ne 0 ]] || chown postgres: "$cluster/sock"
    # TLS with a private CA, as a team's server would have: the tests connect with
    # sslmode=verify-full against ca.crt (SPEC §12.1); the server's name is 127.0.0.1.
    local tls="$cluster/tls"
    mkdir -p "$tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=RecoveryDesk test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\n' >"$tls/san.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
        -extfile "$tls/san.ext" -out "$tls/server.crt" 2>/dev/null
    chmod 0600 "$tls/server.key" "$tls/ca.key"
    chmod 0644 "$tls/ca.crt"
    [[ $(id -u) -ne 0 ]] || chown postgres: "$tls/server.key" "$tls/server.crt"
    local port tries=0
    while :; do
        port="$(free_port)"
        if as_server "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 30 \
            -o "-p $port -k $cluster/sock -c listen_addresses=127.0.0.1 -c unix_socket_permissions=0700 -c fsync=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key" \
            start >/dev/null; then
            break
        fi
        tries=$((tries + 1))
        ((tries < 5)) || { tail -n 20 "$cluster/server.log" >&2; exit 3; }
    done
    local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$cluster/sock" -p "$port" -U postgres -d postgres)
    "${psql[@]}" -f "$here/resources/postgres/roles.sql" >/dev/null
    local owner_pw app_pw
    owner_pw="$(openssl rand -hex 16)"
    app_pw="$(openssl rand -hex 16)"
    "${psql[@]}" -c "ALTER ROLE recoverydesk_owner PASSWORD '$owner_pw'" \
                 -c "ALTER ROLE recoverydesk_app PASSWORD '$app_pw'" >/dev/null
    umask 077
    printf '127.0.0.1:%s:*:recoverydesk_owner:%s\n127.0.0.1:%s:*:recoverydesk_app:%s\n' \
        "$port" "$owner_pw" "$port" "$app_pw" >"$state/pgpass"
    printf 'PORT=%s\nSOCKET=%s\nPGPASSFILE=%s\nCLUSTER=%s\nCA=%s\n' "$port" "$cluster/sock" "$state/pgpass" "$cluster" "$tls/ca.crt" >"$state/env"
    echo "PostgreSQL 15 test cluster on 127.0.0.1:$port ($cluster)"
}

case "$cmd" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: pg-cluster.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
