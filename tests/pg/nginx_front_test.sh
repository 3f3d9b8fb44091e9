#!/usr/bin/env bash
# The production front end to end: nginx (deploy/nginx, rendered with a throwaway self-signed
# certificate) terminating TLS in front of TWO suara-server processes on one PostgreSQL database,
# and a real kiosk (suara-kiosk-headless, libcurl, verifying the certificate with ca_file)
# syncing through it. Checks: HSTS on HTTPS answers, plain HTTP redirects, an oversized body is
# refused by nginx with 413 before any server sees it, /metrics is local-only, every response
# arrives exactly once, and both server processes took batches (round robin).
#
#   nginx_front_test.sh SERVER_BIN KIOSK_BIN WORKDIR     (SUARA_TEST_PG_URL_FILE must be set)
set -euo pipefail
server_bin="$1" kiosk_bin="$2" work="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deploy="$here/../../deploy/nginx"
: "${SUARA_TEST_PG_URL_FILE:?run through ctest (fixture suara_pg_cluster)}"
base="$(cat "$SUARA_TEST_PG_URL_FILE")"
db_name="suara_nginx_$$"
db="${base/\/postgres\?//$db_name?}"

rm -rf "$work" && mkdir -p "$work"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

# 1. Database, enrolment, two servers.
psql -X -q -d "$base" -c "CREATE DATABASE $db_name TEMPLATE template0"
"$server_bin" office add --db "$db" --office 53.01 --name "Disdukcapil Kota Kupang" --utc-offset +08:00 >/dev/null
ports=()
for i in 1 2; do
    p="$(free_port)"
    ports+=("$p")
    "$server_bin" serve --db "$db" --listen "127.0.0.1:$p" --threads 4 2>"$work/server-$i.log" &
    pids+=($!)
done
for p in "${ports[@]}"; do wait_port "$p" || fail "suara-server on $p did not start"; done

# 2. nginx in front, on free ports, with a certificate for 127.0.0.1.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
http_port="$(free_port)" https_port="$(free_port)"
"$deploy/render.sh" --server-name 127.0.0.1 --cert "$work/cert.pem" --key "$work/key.pem" \
    --upstreams "127.0.0.1:${ports[0]},127.0.0.1:${ports[1]}" --http-port "$http_port" --https-port "$https_port" \
    >"$work/suara.conf"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/suara.conf;
}
CONF
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
"$nginx_bin" -t -q -p "$work" -c "$work/nginx.conf"
"$nginx_bin" -p "$work" -c "$work/nginx.conf" &
pids+=($!)
wait_port "$https_port" || fail "nginx did not start"
url="https://127.0.0.1:$https_port"

# 3. The front's own behaviour.
headers="$(curl -sS --cacert "$work/cert.pem" -D - -o /dev/null "$url/healthz")"
grep -q "^HTTP/[0-9.]* 200" <<<"$headers" || fail "healthz through nginx: $headers"
grep -qi "^strict-transport-security: max-age=63072000" <<<"$headers" || fail "no HSTS header: $headers"
grep -qi "^x-suara-server-time:" <<<"$headers" || fail "the server's time header did not pass through"
redirect="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/healthz")"
[[ "$redirect" == "301 https://127.0.0.1/healthz" ]] || fail "plain HTTP: $redirect"
head -c 1100000 /dev/urandom >"$work/big.bin"
big="$(curl -sS --cacert "$work/cert.pem" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -H 'Content-Encoding: gzip' --data-binary @"$work/big.bin" "$url/api/v1/batches")"
[ "$big" = "413" ] || fail "a 1.1 MB body got $big, expected 413 from nginx"
grep -q "POST /api/v1/batches" "$work"/server-*.log && fail "the oversized body reached a server"
metrics="$(curl -sS --cacert "$work/cert.pem" -o /dev/null -w '%{http_code}' "$url/metrics")"
[ "$metrics" = "200" ] || fail "/metrics from 127.0.0.1: $metrics"

# 4. A real kiosk through the front: 1,000 responses in batches of 100.
kdir="$work/kiosk"
mkdir -p "$kdir"
cat >"$kdir/kiosk.toml" <<TOML
kiosk_id = "K-NGINX"
office_id = "53.01"
office_name = "Kantor Uji"
utc_offset = "+08:00"
data_dir = "data"

[sync]
server_url = "$url"
ca_file = "$work/cert.pem"
batch_max_records = 100
backoff_base_ms = 50
backoff_cap_ms = 800
TOML
key="$("$kiosk_bin" --config "$kdir/kiosk.toml" public-key)"
"$server_bin" kiosk add --db "$db" --kiosk K-NGINX --office 53.01 --since 2026-01-01 --public-key "$key" >/dev/null
"$kiosk_bin" --config "$kdir/kiosk.toml" --simulate 1000 --seed 7 --sync-timeout 120 >"$kdir/kiosk.log" 2>&1 ||
    fail "kiosk did not finish: $(tail -3 "$kdir/kiosk.log")"
stored="$(psql -X -At -d "$db" -c 'SELECT count(*) || '"'"' '"'"' || count(DISTINCT uuid) FROM responses')"
[ "$stored" = "1000 1000" ] || fail "stored (rows distinct) = $stored, expected 1000 1000"
n="$("$server_bin" report --db "$db" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["n"])')"
[ "$n" = "1000" ] || fail "report n = $n"
for i in 1 2; do
    c="$(grep -c "POST /api/v1/batches 200" "$work/server-$i.log" || true)"
    [ "$c" -ge 1 ] || fail "server $i took no batch (round robin through nginx is not working)"
    echo "server $i: $c batches"
done
echo "PASS: TLS front with HSTS, 301, 413 at nginx, local /metrics; 1000 responses exactly once via 2 servers"
