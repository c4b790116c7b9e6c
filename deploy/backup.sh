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
python3 - "$src/log.db" <<'PY' || exit 1
import pathlib, sqlite3, sys
log = pathlib.Path(sys.argv[1]).resolve()
try:  # read-only: never creates a log where there was none
    with sqlite3.connect(f"{log.as_uri()}?mode=ro", uri=True, timeout=5) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        open_box = "ballot_box" in tables and db.execute("SELECT count(*) FROM ballot_box").fetchone()[0]
except sqlite3.Error as problem:
    sys.exit(f"backup.sh: cannot read {log}: {problem}")
if open_box:
    sys.exit("backup.sh: a secret ballot is open; back up after it closes (docs/ballot-box.md)")
PY
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
