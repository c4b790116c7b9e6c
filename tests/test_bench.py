"""`chamber bench` must not rot: a small run (50 members) through every scenario, as JSON."""

import json
import subprocess
import sys


def test_a_small_bench_runs_every_scenario_and_reports_json():
    run = subprocess.run(
        [sys.executable, "-m", "chamber", "bench", "--members", "50", "--screens", "2", "--rounds", "3",
         "--baseline", "--idle", "1", "--json"],
        capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    chamber, floor = report["chamber"], report["floor"]
    assert chamber["connect"]["clients"] == 49 + 2
    assert chamber["push"]["n"] == 3 * 51 and floor["push"]["n"] == 3 * 51
    assert chamber["vote"]["voters"] == 50 and chamber["vote"]["unanswered"] == 0
    assert chamber["vote"]["ack"]["n"] == 50  # the chair votes with the members
    assert chamber["vote"]["result_on_screens_after_close_ms"] is not None
    assert chamber["before_stall"]["n"] == 3 * 51
    assert chamber["stalled_client"]["n"] == 3 * 50  # every device but the stalled one
    assert 0 < chamber["server"]["peak_rss_mb"] < 1000
    assert {t["target"] for t in report["targets"]} >= {"push p99 <= 1.5x the floor's p99"}


def test_the_bench_drives_the_engine_and_two_replicas(postgres, backplane):
    """The multi-process layout: the engine on PostgreSQL and NATS, the devices on two replicas,
    each replica's share reported with what one replica carries."""
    run = subprocess.run(
        [sys.executable, "-m", "chamber", "bench", "--members", "30", "--screens", "2", "--public", "20",
         "--rounds", "3", "--idle", "1", "--replicas", "2", "--store", postgres, "--backplane", backplane[0],
         "--json"],
        capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    chamber = json.loads(run.stdout)["chamber"]
    replicas = chamber["replicas"]
    assert replicas["count"] == 2 and sum(replicas["connections"]) == 29 + 2 + 20
    assert chamber["push"]["n"] == 3 * 51 and chamber["vote"]["unanswered"] == 0
    assert chamber["vote"]["ack"]["n"] == 30  # the members' votes went through the replicas
    assert all(rss > 0 for rss in replicas["peak_rss_mb"])
    capacity = replicas["capacity_connections"]  # None: too little CPU in three rounds to see
    assert capacity is None or replicas["replicas_for_50000_viewers"] == -(-50_000 // capacity) + 1
