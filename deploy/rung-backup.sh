#!/bin/sh
# Nightly backup (rung-backup.service). SQLite: an online copy (`rung backup X.sqlite3`).
# PostgreSQL: pg_dump (fast, complete, for the same major version) and a portable rung export
# (`rung backup X.json.gz`, restores into SQLite or PostgreSQL). Old files are pruned.
set -eu
dir=${RUNG_BACKUP_DIR:-/var/backups/rung}
keep=${RUNG_BACKUP_KEEP_DAYS:-14}
rung=${RUNG_BIN:-/opt/rung/venv/bin/rung}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
umask 077
mkdir -p "$dir"
case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*)
    pg_dump --format=custom --no-owner --file="$dir/rung-$stamp.pgdump" "$DATABASE_URL"
    "$rung" backup "$dir/rung-$stamp.json.gz"
    ;;
  *)
    "$rung" backup "$dir/rung-$stamp.sqlite3"
    ;;
esac
find "$dir" -maxdepth 1 -type f -name 'rung-*' -mtime +"$keep" -delete
