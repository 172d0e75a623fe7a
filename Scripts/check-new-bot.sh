#!/usr/bin/env bash
# Checks `bothost new-bot` end to end: writes a bot package into a temporary folder, builds it, runs its test, checks
# its configuration with `validate`, then starts it with `swift run` (bothost against the demo pchatd, embedded, on
# loopback) until it reports that it runs, and stops it. Removes the folder however it ends.
# Usage: Scripts/check-new-bot.sh [--scratch-path DIR]: DIR, a build folder of a package with the same dependencies
# (CI gives Examples/team-bots/.build), is built in, so the dependencies are not compiled a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch=()
if [[ "${1:-}" == "--scratch-path" && -n "${2:-}" ]]; then
    scratch=(--scratch-path "$(cd "$2" && pwd)")
fi
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
swift build --build-tests "${scratch[@]}"
swift test "${scratch[@]}"
swift run "${scratch[@]}" stand-up-bothost validate
log="$work/run.log"
swift run "${scratch[@]}" > "$log" 2>&1 &
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
