#!/usr/bin/env bash
# The scale-path suite: the integration tests on PostgreSQL + Redis/BullMQ instead of SQLite and
# the embedded job runner. Starts local PostgreSQL/Redis if they are down; cleans up its databases.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379

start_postgres() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then return; fi
  echo "test-scale: starting PostgreSQL"
  command -v pg_ctlcluster >/dev/null || { echo "test-scale: PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start
  for _ in $(seq 1 50); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && return; sleep 0.2; done
  echo "test-scale: PostgreSQL did not come up on $PG_HOST:$PG_PORT" >&2
  exit 1
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then return; fi
  echo "test-scale: starting Redis"
  command -v redis-server >/dev/null || { echo "test-scale: Redis is not installed (apt-get install -y redis-server)" >&2; exit 1; }
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.2; done
  echo "test-scale: Redis did not come up on 127.0.0.1:$REDIS_PORT" >&2
  exit 1
}

# Trust auth accepts whichever role exists: Debian's `postgres`, or `root` on machines set up for it.
pick_pg_user() {
  for user in postgres root; do
    if psql -h "$PG_HOST" -p "$PG_PORT" -U "$user" -d test -Atqc "select 1" >/dev/null 2>&1; then
      echo "$user"
      return
    fi
  done
  for user in postgres root; do
    if psql -h "$PG_HOST" -p "$PG_PORT" -U "$user" -d postgres -Atqc "create database test" >/dev/null 2>&1; then
      echo "$user"
      return
    fi
  done
  echo "test-scale: cannot connect to PostgreSQL as postgres or root (trust auth expected)" >&2
  exit 1
}

# Harness databases still around after the run: drop those no one is connected to (an unforced
# DROP refuses a database in use, so a run in progress elsewhere keeps its own).
cleanup() {
  local dbs
  dbs=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d test -Atqc \
    "select datname from pg_database where datname like 'aftercare\_%'" 2>/dev/null || true)
  for db in $dbs; do
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d test -qc "drop database if exists \"$db\"" >/dev/null 2>&1 || true
  done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --scan --pattern 'bull:*test-*' 2>/dev/null \
    | xargs -r -n 500 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" del >/dev/null 2>&1 || true
}

start_postgres
start_redis
PG_USER=$(pick_pg_user)
trap cleanup EXIT

export TEST_DATABASE_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/test"
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
echo "test-scale: TEST_DATABASE_URL=$TEST_DATABASE_URL TEST_REDIS_URL=$TEST_REDIS_URL"
# Given files, run those; otherwise the whole integration suite.
if [ "$#" -gt 0 ]; then
  npx vitest run "$@"
else
  npx vitest run tests/integration
fi
