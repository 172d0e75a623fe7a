#!/usr/bin/env bash
# Checks `bothost new-bot` end to end: writes a bot package into a temporary folder, builds it, runs its test, checks
# its configuration with `validate`, then starts it with `swift run` (bothost against the demo pchatd, embedded, on
# loopback) until it reports that it runs, and stops it. Removes the folder however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
host_pid=""
cleanup() {
    if [[ -n "$host_pid" ]]; then kill -INT "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
swift build --product bothost
"$(swift build --show-bin-path)/bothost" new-bot stand-up --path "$work" --dependency "$root"
cd "$work/stand-up"
swift build --build-tests
swift test
swift run stand-up-bothost validate
log="$work/run.log"
swift run > "$log" 2>&1 &
host_pid=$!
for _ in $(seq 1 120); do
    if grep -q "bothost is running" "$log"; then
        echo "check-new-bot: the new package builds, its test passes and swift run starts bothost with it"
        exit 0
    fi
    if ! kill -0 "$host_pid" 2>/dev/null; then break; fi
    sleep 1
done
echo "check-new-bot: swift run did not start bothost:" >&2
cat "$log" >&2
exit 1
