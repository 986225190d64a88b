#!/usr/bin/env bash
# The archive commands at small size on PostgreSQL: seed 20,000 statements into a fresh database,
# run every latency operation, a short claims-list throughput run under gunicorn (shipped, stock DRF
# and bare Django), and a 20-article extraction backlog with one and two worker processes. Proves the
# commands work; asserts no timing. They live in the devtools app, which only CLAIMDESK_DEV_APPS=true
# (or DEBUG) installs.
# Needs DATABASE_URL (any database on the server; ARCHIVE_DB, default claimdesk_bench, is created
# beside it) and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL URL}"
export PATH="/usr/lib/postgresql/$(ls /etc/postgresql 2>/dev/null | head -1)/bin:$PATH"

server="${DATABASE_URL%/*}"                      # postgres://user@host:port
host_port="${server#*@}"
pg_host="${host_port%%:*}"
pg_port="${host_port##*:}"
pg_user="${server#*://}"; pg_user="${pg_user%%@*}"; pg_user="${pg_user%%:*}"
db="${ARCHIVE_DB:-claimdesk_bench}"
export DATABASE_URL="$server/$db"
export CELERY_BROKER_URL="${ARCHIVE_BROKER_URL:-redis://127.0.0.1:6379/11}"
export CLAIMDESK_DEV_APPS=true
out="$(mktemp -d)"

dropdb --if-exists -h "$pg_host" -p "$pg_port" -U "$pg_user" "$db"
createdb -h "$pg_host" -p "$pg_port" -U "$pg_user" "$db"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_archive --statements 20000 --seed 1
.venv/bin/python manage.py bench_archive --requests 200 --out "$out" --throughput --throughput-seconds 5 \
  --backlog 20 --workers 1,2
test -s "$out/statement_search_common.txt"
echo "archive: EXPLAIN plans in $out"
