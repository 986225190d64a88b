#!/usr/bin/env bash
# Fuzz the REST API against its own OpenAPI schema: every documented operation, every check.
# A fresh SQLite database in a temporary CLAIMDESK_VAR_DIR, an editor with a token, the sample
# article ingested and extracted inline, one reviewed claim, then gunicorn and schemathesis.
# Fails on any 5xx, undocumented status or content type, or response not matching the schema.
#
# Usage: .ci/schemathesis.sh   (override MAX_EXAMPLES=25, MAX_TIME=150 seconds, SEED, PORT=8765)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
PORT="${PORT:-8765}"
MAX_EXAMPLES="${MAX_EXAMPLES:-25}"

VAR_DIR="$(mktemp -d -t claimdesk-schemathesis.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$VAR_DIR"
}
trap cleanup EXIT

# Self-contained: SQLite and an in-process broker whatever the calling shell exported (.ci/run
# exports PostgreSQL and Redis for the suite). The throttle is raised because the fuzzer sends
# thousands of requests as one user; 429 stays documented on every operation.
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL
export CLAIMDESK_VAR_DIR="$VAR_DIR"
export DEBUG=true
export API_THROTTLE_USER="1000000/hour"
export NEWSROOM_URL="http://127.0.0.1:$PORT"

"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py add_user fuzz-editor --role editor --password "fuzz-editor-password-1" >/dev/null
TOKEN="$("$PY" manage.py drf_create_token fuzz-editor | awk '{print $3}')"

# Extraction runs in this process (eager Celery), so the fuzzer sees real statements and claims.
CELERY_TASK_ALWAYS_EAGER=true "$PY" manage.py ingest sample/putin_address.txt \
  --outlet "Sample Outlet" --url "https://news.example/putin-address" --published 2022-02-24
"$PY" manage.py shell -v 0 -c '
from django.contrib.auth import get_user_model
from claims.models import Claim
from claims.services import claim_set_status
claim = Claim.objects.order_by("pk").first()
assert claim is not None, "extraction produced no claims"
claim_set_status(claim=claim, status="contested", note="Seeded for the fuzzer.",
                 evidence=[{"url": "https://evidence.example/1", "title": "Source"}],
                 by=get_user_model().objects.get(username="fuzz-editor"), expected_version=claim.version)
print(Claim.objects.count(), "claims; claim", claim.pk, "reviewed")
'

# The longest request line gunicorn allows: the fuzzer sends long query strings, and gunicorn
# answers an over-long line itself with an HTML 400 that the schema cannot describe.
"$VENV/bin/gunicorn" newsroom.wsgi -b "127.0.0.1:$PORT" --workers 2 --access-logfile /dev/null --limit-request-line 8190 \
  --error-logfile "$VAR_DIR/gunicorn.log" &
SERVER_PID=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

# Checks: all. Configuration (schemathesis.toml next to this script) only widens what counts as
# an expected answer where the schema documents it; see the comments there.
set +e
"$VENV/bin/schemathesis" --config-file .ci/schemathesis.toml run "http://127.0.0.1:$PORT/api/schema/" \
  --checks all \
  --max-examples "$MAX_EXAMPLES" \
  --max-time "${MAX_TIME:-150}" \
  --header "Authorization: Token $TOKEN" \
  --seed "${SEED:-20261127}" \
  --no-color
STATUS=$?
set -e
if [ "$STATUS" -ne 0 ] && [ -s "$VAR_DIR/gunicorn.log" ]; then
  echo "--- gunicorn log ---"
  tail -n 80 "$VAR_DIR/gunicorn.log"
fi
exit "$STATUS"
