#!/bin/sh
# Nightly backup (rung-backup.service, as the rung user with /etc/rung/rung.env).
# PostgreSQL: a portable rung export (`rung backup X.json.gz`, restores into SQLite or any
#   PostgreSQL) and pg_dump (the faster restore, for the same PostgreSQL major version; from
#   the postgresql-client package).
# SQLite: an online copy (`rung backup X.sqlite3`).
# Every part that can run does; the exit status is 1 if any part failed, and old files are
# pruned only after a run where everything succeeded, so a broken backup never deletes the
# last good ones.
set -u
dir=${RUNG_BACKUP_DIR:-/var/backups/rung}
keep=${RUNG_BACKUP_KEEP_DAYS:-14}
rung=${RUNG_BIN:-/opt/rung/venv/bin/rung}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
status=0
umask 077
mkdir -p "$dir" || exit 1
case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*)
    "$rung" backup "$dir/rung-$stamp.json.gz" || status=1
    if command -v pg_dump >/dev/null 2>&1; then
      if ! pg_dump --format=custom --no-owner --file="$dir/rung-$stamp.pgdump" \
          "$DATABASE_URL"; then
        rm -f "$dir/rung-$stamp.pgdump"
        status=1
      fi
    else
      echo "rung-backup: pg_dump not found: apt-get install postgresql-client" \
        "(the JSON export was still made)" >&2
      status=1
    fi
    ;;
  *)
    "$rung" backup "$dir/rung-$stamp.sqlite3" || status=1
    ;;
esac
if [ "$status" -eq 0 ]; then
  find "$dir" -maxdepth 1 -type f -name 'rung-*' -mtime +"$keep" -delete
else
  echo "rung-backup: a part failed; nothing old was deleted" >&2
fi
exit "$status"
