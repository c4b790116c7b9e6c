#!/usr/bin/env bash
# Back up a chamber data directory while the server runs, then check the copy.
# SQLite's online backup gives a consistent copy even mid-meeting (WAL mode).
# Usage: deploy/backup.sh /var/lib/chamber /backups/chamber-$(date +%F-%H%M)
# Restore: stop the service, copy log.db and access.db back into the data directory, start it;
#          the server replays the log into the state it had. `chamber verify --data DIR` checks it.
set -euo pipefail
src=${1:?data directory}; dst=${2:?backup directory}
mkdir -p "$dst"
for db in log.db access.db; do
  python3 - "$src/$db" "$dst/$db" <<'PY'
import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as source, sqlite3.connect(sys.argv[2]) as target:
    source.backup(target)
PY
done
"$(dirname "$0")/../.venv/bin/chamber" verify --data "$dst"
