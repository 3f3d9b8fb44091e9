#!/usr/bin/env bash
# Validates the nginx front: renders suara.conf.in with a throwaway self-signed certificate into a
# temporary prefix and runs `nginx -t` on it (syntax, certificate and key loading, every
# directive known to this nginx). Exit 0 when nginx accepts it. Used by ctest (deploy_nginx_check)
# and by operators before reloading: `deploy/nginx/check.sh` needs nginx and openssl installed.
#
#   deploy/nginx/check.sh [--keep DIR]   keep the rendered files in DIR for a look
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$nginx_bin" ] || { echo "check.sh: nginx is not installed (apt-get install nginx)" >&2; exit 1; }
keep=""
[ "${1:-}" = "--keep" ] && keep="${2:?--keep needs a directory}"

dir="$(mktemp -d /tmp/suara-nginx-check.XXXXXX)"
trap '[ -z "$keep" ] && rm -rf "$dir"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=suara.test" \
    -addext "subjectAltName=DNS:suara.test,IP:127.0.0.1" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
"$here/render.sh" --server-name suara.test --cert "$dir/cert.pem" --key "$dir/key.pem" \
    --upstreams 127.0.0.1:8081,127.0.0.1:8082 --http-port 18080 --https-port 18443 >"$dir/suara.conf"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$dir/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/suara.conf;
}
CONF
"$nginx_bin" -t -q -p "$dir" -c "$dir/nginx.conf"
if [ -n "$keep" ]; then
    mkdir -p "$keep" && cp "$dir"/suara.conf "$dir"/nginx.conf "$keep"/
fi
echo "check.sh: nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') accepts the rendered Suara front"
