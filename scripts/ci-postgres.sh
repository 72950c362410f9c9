#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster on 127.0.0.1:5432 and creates the test role and database
# (idempotent). The role may create databases (one per test run) and roles (the app's RLS roles).
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 50); do
  su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
  sleep 0.2
done
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'guanxi') THEN
    CREATE ROLE guanxi LOGIN PASSWORD 'guanxi' CREATEDB CREATEROLE;
  END IF;
END $$;
SELECT 'CREATE DATABASE guanxi OWNER guanxi' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'guanxi')\gexec
SQL
echo "PostgreSQL $version ready on 127.0.0.1:5432"
