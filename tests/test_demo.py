"""`chamber demo` starts on its embedded default and every URL it prints answers."""

import re
import socket
import subprocess
import sys
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "chamber", "demo", "--data", str(tmp_path / "demo"),
         "--host", "127.0.0.1", "--port", str(port), "--no-qr"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = []
    deadline = time.monotonic() + 30
    while not any(line.startswith("passwords:") for line in lines):
        line = proc.stdout.readline()
        assert line or proc.poll() is None, "".join(lines)
        assert time.monotonic() < deadline, "".join(lines)
        lines.append(line)
    for _ in range(100):  # the banner comes at start-up, just before the socket listens
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz")
            break
        except httpx.ConnectError:
            time.sleep(0.1)
    yield "".join(lines)
    proc.terminate()
    proc.wait(10)


def test_the_demo_prints_urls_that_answer(demo):
    urls = re.findall(r"(http://\S+)", demo)
    assert len(urls) == 7, demo
    passwords = dict(pair.split("=", 1) for pair in re.search(r"passwords: (.*)", demo).group(1).split())
    with httpx.Client(follow_redirects=True) as browser:
        for url in urls:
            r = browser.get(url)
            assert r.status_code == 200, url
        base = urls[0].rsplit("/", 1)[0]
        assert browser.get(f"{base}/chair").url.path == "/login"  # consoles need a sign-in
        signed = browser.post(f"{base}/api/login", json={"role": "secretary", "password": passwords["secretary"]})
        assert signed.status_code == 200
        cards = browser.get(f"{base}/secretary/cards")
        assert cards.status_code == 200 and cards.text.count('class="card"') > 35  # members and substitutes
        health = browser.get(f"{base}/healthz").json()
        assert health["ok"] and health["seq"] == 1
    assert "Strandby" in demo
