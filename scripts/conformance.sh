#!/usr/bin/env bash
# An outside check of the HTTP contract: schemathesis (PyPI, in a venv under target/)
# fuzzes ingest and the read API from their own /openapi.json, with every check on,
# against `govtrack up --demo` with a tokens file. It must report no failure.
#
#   scripts/conformance.sh [path/to/govtrack]      (default: target/debug/govtrack)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/govtrack}"
[ -x "$bin" ] || cargo build -q -p govtrack
venv=target/venv
if ! "$venv/bin/st" --version >/dev/null 2>&1; then
  echo "conformance.sh: installing schemathesis into $venv" >&2
  python3 -m venv "$venv" 2>/dev/null || {
    # Debian's python3 keeps venv in a package of its own.
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  }
  "$venv/bin/pip" install -q 'schemathesis>=4,<5'
fi

work=$(mktemp -d)
token=conformance-token-$$
hash=$(printf %s "$token" | sha256sum | cut -d' ' -f1)
cat > "$work/tokens.toml" <<TOML
[[token]]
name = "conformance"
sha256 = "$hash"
scopes = ["admin"]
TOML
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ingest_port=$(free_port); api_port=$(free_port)
env -u GOVTRACK_NATS_URL "$bin" up --demo --data-dir "$work/data" --tokens-file "$work/tokens.toml" \
  --http-addr "127.0.0.1:$ingest_port" --api-addr "127.0.0.1:$api_port" > "$work/up.log" 2>&1 &
up=$!
cleanup() { kill "$up" 2>/dev/null || true; wait "$up" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q "demo org contoso loaded" "$work/up.log" && break
  kill -0 "$up" 2>/dev/null || { cat "$work/up.log"; echo "govtrack up died" >&2; exit 1; }
  sleep 0.5
done
grep -q "demo org contoso loaded" "$work/up.log" || { cat "$work/up.log"; exit 1; }

# Ingest validates more than JSON Schema can say (a capability of the org's model, a
# signal that capability lists, a target beyond the baseline), so a schema-valid event
# may still be refused: its positive-data check is left out, every other check runs.
# The two services are fuzzed at once, each for at most CONFORMANCE_SECONDS (60 by
# default; the seed makes a run repeatable), each report printed when it is done.
seconds="${CONFORMANCE_SECONDS:-60}"
run() {
  local base=$1 report=$2; shift 2
  "$venv/bin/st" run "$base/openapi.json" --checks all "$@" --max-examples 30 \
    --max-time "$seconds" -H "Authorization: Bearer $token" --url "$base" \
    --seed "${CONFORMANCE_SEED:-1}" >"$report" 2>&1
}
run "http://127.0.0.1:$ingest_port" "$work/ingest.txt" --exclude-checks positive_data_acceptance &
ingest_run=$!
run "http://127.0.0.1:$api_port" "$work/api.txt" &
api_run=$!
status=0
wait "$ingest_run" || status=1
echo "conformance: ingest, http://127.0.0.1:$ingest_port/openapi.json" >&2
cat "$work/ingest.txt"
wait "$api_run" || status=1
echo "conformance: read API, http://127.0.0.1:$api_port/openapi.json" >&2
cat "$work/api.txt"
exit $status
