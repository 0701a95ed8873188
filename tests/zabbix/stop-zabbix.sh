#!/usr/bin/env bash
# Stops the PHP servers started by start-zabbix.sh (each one's whole process group, so no worker keeps the port).
set -u
state="$(cd "$(dirname "$0")" && pwd)/.state"
for pidfile in "$state"/php*.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  rm -f "$pidfile"
done
