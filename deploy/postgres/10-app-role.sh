#!/bin/sh
# Runs once, when the database volume is first created (docker-entrypoint-initdb.d).
# POSTGRES_USER (the owner role) owns the schema and runs migrations; the app connects as
# APP_DB_USER, which `manage.py grant_app_role` (run after each migrate) lets read and write
# the tables but only read and append to the audit log (earlyhelp/db_roles.py).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="$APP_DB_USER" -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
