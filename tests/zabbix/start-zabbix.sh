#!/usr/bin/env bash
# Brings up real Zabbix APIs on 127.0.0.1 for the integration tests:
#   6.0 (default) from Debian 12's packages, on port 18060, database zabbix60;
#   7.0 from Debian 13's packages (downloaded with a separate apt list and state folder, unpacked with
#       dpkg-deb -x, so the system stays on Debian 12), run by Debian 12's PHP 8.2, on port 18070, database zabbix70.
# Each has PostgreSQL, the PHP frontend served by PHP's built-in server, and a host, trapper item and two triggers
# (one that allows manual close, one that does not). The Zabbix server daemon is not needed: the tests insert
# PROBLEM events with tests/zabbix/new-problems.sh.
#
# Usage: start-zabbix.sh [6.0|7.0|all]. Idempotent: a second run reuses what is there. Writes
# tests/zabbix/.state/zabbixNN.env (URL, credentials, API token, trigger ids), which the tests read.
# Needs root (apt-get, the postgres account). Stop with tests/zabbix/stop-zabbix.sh.
#
# Optional: ZABBIX_PHP_WORKERS=N (N >= 2) also serves the same frontend and database from a second PHP server with
# N workers (PHP_CLI_SERVER_WORKERS) on the port after the main one (18061, 18071), for measuring the API with
# parallel calls (tests/IncidentSdk.Benchmarks, bulk mode); its URL is ZABBIX_WORKERS_URL in the env file. The main
# server keeps one worker, as the integration tests expect.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
state="$here/.state"
mkdir -p "$state"

if [ "${1:-6.0}" = "all" ]; then
  "$0" 6.0
  exec "$0" 7.0
fi
series="${1:-6.0}"
case "$series" in
  6.0) tag=60; port="${ZABBIX60_PORT:-18060}" ;;
  7.0) tag=70; port="${ZABBIX70_PORT:-18070}" ;;
  *) echo "usage: $0 [6.0|7.0|all]" >&2; exit 2 ;;
esac
db="zabbix$tag"
db_user="zabbix"
db_password="zabbix-ci-db"
url="http://127.0.0.1:$port/api_jsonrpc.php"
started=$(date +%s)
log() { echo "[zabbix$tag] $*"; }
retry() { # retry CMD...: package mirrors have bad moments; try three times before failing
  local n
  for n in 1 2 3; do
    "$@" && return 0
    log "attempt $n of '$*' failed"; sleep $((n * 5))
  done
  return 1
}

packages=(postgresql php-cli php-pgsql php-gd php-bcmath php-mbstring php-xml php-ldap curl jq)
[ "$series" = "6.0" ] && packages+=(zabbix-frontend-php zabbix-server-pgsql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  retry apt-get update -qq
  # No init system here: keep package scripts from starting services.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  retry apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

if [ "$series" = "6.0" ]; then
  frontend=/usr/share/zabbix
  schema_dir=/usr/share/zabbix-server-pgsql
  config_path=/etc/zabbix/zabbix.conf.php
else
  # Zabbix 7.0 from Debian 13, unpacked beside the system. The apt mirror is the one this machine already uses.
  root="$state/zabbix70-root"
  frontend="$root/usr/share/zabbix"
  schema_dir="$root/usr/share/zabbix-server-pgsql"
  config_path="$state/zabbix70.conf.php"
  if [ ! -f "$frontend/api_jsonrpc.php" ] || [ ! -f "$schema_dir/schema.sql.gz" ]; then
    log "downloading Zabbix 7.0 packages from Debian 13 (trixie)"
    apt_dir="$state/apt-trixie"
    mkdir -p "$apt_dir/etc" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
    mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
    [ -n "$mirror" ] || mirror=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list)
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" > "$apt_dir/etc/trixie.sources"
    apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/etc" -o "Dir::State::Lists=$apt_dir/lists"
              -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
    retry apt-get "${apt_opts[@]}" update -qq
    (cd "$apt_dir/debs" && retry apt-get "${apt_opts[@]}" download zabbix-frontend-php zabbix-server-pgsql)
    rm -rf "$root" && mkdir -p "$root"
    for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
  fi
  # Point this copy of the frontend at its own configuration file, so 6.0 and 7.0 run side by side.
  sed -i "s|const CONFIG_FILE_PATH = '[^']*';|const CONFIG_FILE_PATH = '$config_path';|" "$frontend/include/classes/core/CConfigFile.php"
fi

pg_version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  log "starting PostgreSQL $pg_version"
  pg_ctlcluster "$pg_version" main start
fi

psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtAX "$@"; }
if [ "$(psql_admin -c "select 1 from pg_roles where rolname='$db_user'")" != "1" ]; then
  psql_admin -c "create role $db_user login password '$db_password'"
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname='$db'")" != "1" ]; then
  log "creating database $db"
  psql_admin -c "create database $db owner $db_user encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0"
fi
export PGPASSWORD="$db_password"
psql_db() { psql -h 127.0.0.1 -U "$db_user" -d "$db" -v ON_ERROR_STOP=1 -qtAX "$@"; }
if [ "$(psql_db -c "select count(*) from information_schema.tables where table_name='users'")" != "1" ]; then
  log "loading the schema"
  for f in schema images data; do
    zcat "$schema_dir/$f.sql.gz" | psql_db >/dev/null
  done
fi

conf="$state/zabbix$tag.conf.php.new"
cat > "$conf" <<PHP
<?php
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = '127.0.0.1';
\$DB['PORT'] = '5432';
\$DB['DATABASE'] = '$db';
\$DB['USER'] = '$db_user';
\$DB['PASSWORD'] = '$db_password';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER = '127.0.0.1';
\$ZBX_SERVER_PORT = '10051';
\$ZBX_SERVER_NAME = 'incidentsdk-ci';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
PHP
# The frontend reads its configuration from CConfigFile::CONFIG_FILE_PATH (/etc/zabbix/zabbix.conf.php for 6.0).
mkdir -p "$(dirname "$config_path")"
mv "$conf" "$config_path"

rpc() { # rpc METHOD PARAMS_JSON [AUTH]
  local body
  if [ -n "${3:-}" ]; then
    body=$(jq -cn --arg m "$1" --argjson p "$2" --arg a "$3" '{jsonrpc:"2.0",method:$m,params:$p,auth:$a,id:1}')
  else
    body=$(jq -cn --arg m "$1" --argjson p "$2" '{jsonrpc:"2.0",method:$m,params:$p,id:1}')
  fi
  curl -sS --max-time 30 -H 'Content-Type: application/json-rpc' -d "$body" "$url"
}

if ! rpc apiinfo.version '{}' 2>/dev/null | jq -e .result >/dev/null 2>&1; then
  log "starting PHP's built-in server on 127.0.0.1:$port"
  setsid php -S "127.0.0.1:$port" -t "$frontend" > "$state/php$tag.log" 2>&1 < /dev/null &
  echo $! > "$state/php$tag.pid"
  for _ in $(seq 1 60); do
    rpc apiinfo.version '{}' 2>/dev/null | jq -e .result >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
version=$(rpc apiinfo.version '{}' | jq -r '.result // empty')
if [ -z "$version" ]; then
  log "the API does not answer: $(rpc apiinfo.version '{}' || true)"
  tail -20 "$state/php$tag.log" || true
  exit 1
fi
log "API answers version $version"

workers_url=""
if [ -n "${ZABBIX_PHP_WORKERS:-}" ]; then
  workers_url="http://127.0.0.1:$((port + 1))/api_jsonrpc.php"
  answers() { curl -sS --max-time 5 -H 'Content-Type: application/json-rpc' -d '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' "$workers_url" 2>/dev/null | jq -e .result >/dev/null 2>&1; }
  if ! answers; then
    log "starting PHP's built-in server with $ZABBIX_PHP_WORKERS workers on 127.0.0.1:$((port + 1))"
    PHP_CLI_SERVER_WORKERS="$ZABBIX_PHP_WORKERS" setsid php -S "127.0.0.1:$((port + 1))" -t "$frontend" > "$state/php$tag-workers.log" 2>&1 < /dev/null &
    echo $! > "$state/php$tag-workers.pid"
    for _ in $(seq 1 60); do answers && break; sleep 0.5; done
    answers || { log "the $ZABBIX_PHP_WORKERS-worker server does not answer"; tail -20 "$state/php$tag-workers.log" || true; exit 1; }
  fi
fi

session=$(rpc user.login '{"username":"Admin","password":"zabbix"}' | jq -r .result)
group=$(rpc hostgroup.get '{"filter":{"name":["IncidentSdk CI"]}}' "$session" | jq -r '.result[0].groupid // empty')
[ -n "$group" ] || group=$(rpc hostgroup.create '{"name":"IncidentSdk CI"}' "$session" | jq -r '.result.groupids[0]')
host=$(rpc host.get '{"filter":{"host":["incidentsdk-ci"]}}' "$session" | jq -r '.result[0].hostid // empty')
[ -n "$host" ] || host=$(rpc host.create "{\"host\":\"incidentsdk-ci\",\"groups\":[{\"groupid\":\"$group\"}]}" "$session" | jq -r '.result.hostids[0]')
item=$(rpc item.get "{\"hostids\":[\"$host\"],\"filter\":{\"key_\":[\"ci.trap\"]}}" "$session" | jq -r '.result[0].itemid // empty')
[ -n "$item" ] || item=$(rpc item.create "{\"hostid\":\"$host\",\"name\":\"CI trap\",\"key_\":\"ci.trap\",\"type\":2,\"value_type\":3}" "$session" | jq -r '.result.itemids[0]')
trigger_id() { # trigger_id DESCRIPTION MANUAL_CLOSE
  local id
  id=$(rpc trigger.get "{\"hostids\":[\"$host\"],\"filter\":{\"description\":[\"$1\"]}}" "$session" | jq -r '.result[0].triggerid // empty')
  [ -n "$id" ] || id=$(rpc trigger.create "{\"description\":\"$1\",\"expression\":\"last(/incidentsdk-ci/ci.trap)>0\",\"priority\":2,\"manual_close\":$2}" "$session" | jq -r '.result.triggerids[0]')
  echo "$id"
}
closable=$(trigger_id "CI closable problem" 1)
unclosable=$(trigger_id "CI problem without manual close" 0)

token_file="$state/zabbix$tag.token"
if [ ! -s "$token_file" ] || ! rpc apiinfo.version '{}' >/dev/null || \
   [ "$(rpc user.get '{"output":["userid"],"limit":1}' "$(cat "$token_file")" | jq -r '.result[0].userid // empty')" = "" ]; then
  rpc token.delete "$(rpc token.get '{"filter":{"name":"incidentsdk-ci"}}' "$session" | jq -c '[.result[].tokenid]')" "$session" >/dev/null || true
  tokenid=$(rpc token.create '{"name":"incidentsdk-ci","userid":"1"}' "$session" | jq -r '.result.tokenids[0]')
  rpc token.generate "[\"$tokenid\"]" "$session" | jq -r '.result[0].token' > "$token_file"
fi
rpc user.logout '[]' "$session" >/dev/null

cat > "$state/zabbix$tag.env" <<ENV
ZABBIX_URL=$url
ZABBIX_VERSION=$version
ZABBIX_USER=Admin
ZABBIX_PASSWORD=zabbix
ZABBIX_TOKEN=$(cat "$token_file")
ZABBIX_DB=$db
ZABBIX_CLOSABLE_TRIGGER=$closable
ZABBIX_UNCLOSABLE_TRIGGER=$unclosable
ENV
[ -z "$workers_url" ] || echo "ZABBIX_WORKERS_URL=$workers_url" >> "$state/zabbix$tag.env"
log "ready in $(( $(date +%s) - started ))s: $url (closable trigger $closable, other trigger $unclosable); settings in $state/zabbix$tag.env"
