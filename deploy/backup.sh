#!/usr/bin/env bash
# Back up a chamber data directory while the server runs, then check the copy.
# SQLite's online backup gives a consistent copy even mid-meeting (WAL mode).
# Usage: deploy/backup.sh /var/lib/chamber /backups/chamber-$(date +%F-%H%M)
# Restore: stop the service, copy log.db and access.db back into the data directory, start it;
#          the server replays the log into the state it had. `chamber verify --data DIR` checks it.
#         The signed checkpoints (checkpoints.jsonl) are copied too: keep a copy off this machine
#         (docs/record.md). The signing key is not copied: keep it where it is, apart.
# A copy taken while a secret ballot is open holds that moment's ballot box; two such copies
# side by side would tell which ballots came in between (docs/ballot-box.md), so the script
# refuses while one is open.
set -euo pipefail
src=${1:?data directory}; dst=${2:?backup directory}
open_box=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM ballot_box").fetchone()[0])' "$src/log.db" 2>/dev/null || echo 0)
if [ "$open_box" != 0 ]; then
  echo "backup.sh: a secret ballot is open; back up after it closes (docs/ballot-box.md)" >&2
  exit 1
fi
mkdir -p "$dst"
for db in log.db access.db; do
  python3 - "$src/$db" "$dst/$db" <<'PY'
import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as source, sqlite3.connect(sys.argv[2]) as target:
    source.backup(target)
PY
done
if [ -f "$src/checkpoints.jsonl" ]; then cp "$src/checkpoints.jsonl" "$dst/"; fi
"$(dirname "$0")/../.venv/bin/chamber" verify --data "$dst"
