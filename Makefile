# The two commands: `make demo` runs chamber on its embedded default, `make test` runs the tests.
# Both create (or reuse) the virtual environment in .venv and install what they need.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test system browser services clean

demo: system $(STAMP)
	$(PY) -m chamber demo

test: system $(STAMP) browser services
	$(PY) -m pytest -q

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# WeasyPrint (the minutes' PDF) needs Pango, and the minutes are set in DejaVu: installed only
# when one is missing, so a machine that has them never calls apt.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

system:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; }

# Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# PostgreSQL and NATS JetStream for the tests beyond one machine (the standby engine, the fan-out
# replicas): installed from Debian and started by deploy/services; where it cannot (not root), those
# tests skip and say why.
services:
	@deploy/services

clean:
	rm -rf $(VENV) demo-data tests/artifacts
