#!/usr/bin/env bash
# Inserts COUNT new PROBLEM events (and their problem rows) for TRIGGERID into the Zabbix database started by
# start-zabbix.sh and prints their event ids, one per line. Zabbix's server daemon would normally do this.
# Usage: new-problems.sh TRIGGERID [COUNT] [DB]
set -euo pipefail
trigger="$1"
count="${2:-1}"
db="${3:-zabbix60}"
export PGPASSWORD="zabbix-ci-db"
psql -h 127.0.0.1 -U zabbix -d "$db" -v ON_ERROR_STOP=1 -qtAX <<SQL
begin;
lock table events in exclusive mode;
with base as (select coalesce(max(eventid), 0) as id from events),
     numbered as (select base.id + g as eventid from base, generate_series(1, $count) as g),
     inserted as (
       insert into events (eventid, source, object, objectid, clock, ns, value, acknowledged, name, severity)
       select eventid, 0, 0, $trigger, extract(epoch from now())::int, 0, 1, 0, 'CI problem', 2 from numbered
       returning eventid)
insert into problem (eventid, source, object, objectid, clock, ns, name, acknowledged, severity)
select eventid, 0, 0, $trigger, extract(epoch from now())::int, 0, 'CI problem', 0, 2 from inserted
returning eventid;
commit;
SQL
