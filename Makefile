# The two commands: `make demo` runs chamber on its embedded default, `make test` runs the tests.
# Both create (or reuse) the virtual environment in .venv and install what they need.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test browser clean

demo: $(STAMP)
	$(PY) -m chamber demo

test: $(STAMP) browser
	$(PY) -m pytest -q

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

clean:
	rm -rf $(VENV) demo-data tests/artifacts
