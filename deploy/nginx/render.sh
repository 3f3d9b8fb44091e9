#!/usr/bin/env bash
# Renders deploy/nginx/suara.conf.in to stdout.
#
#   deploy/nginx/render.sh --server-name suara.example.go.id \
#       --cert /etc/letsencrypt/live/suara.example.go.id/fullchain.pem \
#       --key /etc/letsencrypt/live/suara.example.go.id/privkey.pem \
#       [--upstreams 127.0.0.1:8081,127.0.0.1:8082] [--http-port 80] [--https-port 443] \
#       > /etc/nginx/sites-available/suara
#
# --upstreams lists the suara-server@PORT instances (two or more for PostgreSQL deployments; one
# for a SQLite deployment, which must have exactly one server process).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="" cert="" key="" upstreams="127.0.0.1:8081,127.0.0.1:8082" http_port=80 https_port=443
while [ $# -gt 0 ]; do
    case "$1" in
    --server-name) name="$2" ;;
    --cert) cert="$2" ;;
    --key) key="$2" ;;
    --upstreams) upstreams="$2" ;;
    --http-port) http_port="$2" ;;
    --https-port) https_port="$2" ;;
    *) echo "render.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
if [ -z "$name" ] || [ -z "$cert" ] || [ -z "$key" ]; then
    echo "usage: render.sh --server-name NAME --cert FULLCHAIN --key PRIVKEY [--upstreams H:P,H:P] [--http-port N] [--https-port N]" >&2
    exit 2
fi
# Values end up in nginx syntax: refuse anything that could close a directive or start a new one.
for v in "$name" "$cert" "$key" "$upstreams" "$http_port" "$https_port"; do
    case "$v" in *[\;\{\}\$\ \'\"]*) echo "render.sh: unsafe character in '$v'" >&2; exit 2 ;; esac
done
lines=""
IFS=',' read -ra ups <<<"$upstreams"
for u in "${ups[@]}"; do
    lines+="    server $u max_fails=3 fail_timeout=10s;"$'\n'
done
lines="${lines%$'\n'}"
awk -v name="$name" -v cert="$cert" -v key="$key" -v ups="$lines" -v hp="$http_port" -v sp="$https_port" '
    /^@UPSTREAM_SERVERS@$/ { print ups; next }
    { gsub(/@SERVER_NAME@/, name); gsub(/@TLS_CERT@/, cert); gsub(/@TLS_KEY@/, key);
      gsub(/@HTTP_PORT@/, hp); gsub(/@HTTPS_PORT@/, sp); print }
' "$here/suara.conf.in"
