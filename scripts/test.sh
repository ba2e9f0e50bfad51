#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian/Ubuntu machine
# (nats-server from the distribution's packages when it is missing), then runs every
# test of the workspace. Nothing is started by hand: each test starts its own
# nats-server on a free port with its own store.
set -euo pipefail
cd "$(dirname "$0")/.."

have_nats() {
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || [ -x /usr/local/bin/nats-server ]
}

missing=()
have_nats || missing+=(nats-server)
# The dashboard's browser test drives Debian's headless Chromium; its accessibility
# audit runs axe-core (npm) inside it.
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (Debian packages)" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# axe-core for the dashboard's WCAG 2.1 AA audit, in a folder of the build's own.
axe=target/axe/node_modules/axe-core/axe.min.js
if [ ! -f "$axe" ]; then
  echo "test.sh: installing axe-core (npm) into target/axe" >&2
  mkdir -p target/axe
  npm install --prefix target/axe --no-audit --no-fund --silent axe-core@4 >/dev/null
fi

# openapi-spec-validator (PyPI) checks both services' OpenAPI documents and the Power
# Automate connector's Swagger 2.0 (govtrack_testkit::openapi), and the MCP SDK (PyPI
# `mcp`) is the outside client of /mcp in tests/tests/mcp_python.rs, both from the venv
# conformance.sh keeps in target/venv.
venv=target/venv
if ! "$venv/bin/python" -c 'import openapi_spec_validator, jsonschema, mcp' >/dev/null 2>&1; then
  echo "test.sh: installing openapi-spec-validator and mcp into $venv" >&2
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" 2>/dev/null || {
    # Debian's python3 keeps venv in a package of its own.
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  }
  "$venv/bin/python" -m pip install -q 'openapi-spec-validator>=0.7' 'mcp>=1.10'
fi

# A one-shot build gains nothing from incremental state, which would double the
# target directory's size on disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# Where the time goes: each phase says how long it took (the README's figure).
phase_started=0  # the installs above count in the first phase
phase() {
  echo "test.sh: $1 took $((SECONDS - phase_started)) s" >&2
  phase_started=$SECONDS
}
phase "installing what the tests need"

# The tests include the bench's tiny runs (bench/tests/smoke.rs): a bench that no
# longer runs, or whose workload ingest refuses, fails them.
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-run
  phase "building the tests"
  cargo nextest run --workspace --no-fail-fast
  phase "running the tests"
  cargo test --workspace --doc
  phase "the doc tests"
else
  cargo test --workspace --no-fail-fast
  phase "building and running the tests"
fi

# No file of a crate imports a file that imports it back, by any spelling of an import;
# the self-test proves the check sees each spelling.
scripts/import-cycles-selftest.sh
scripts/import-cycles.sh -q
phase "the import-cycle check"
# An outside check of both HTTP contracts: schemathesis against /openapi.json.
scripts/conformance.sh target/debug/govtrack
phase "the conformance run"
