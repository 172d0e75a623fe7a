#!/usr/bin/env bash
# The README's test command: installs the system packages the tests need when they are missing
# (Scripts/install-dependencies.sh), builds the tests, and runs the whole suite with Swift Testing, at most
# PCHAT_TEST_WIDTH tests at once (3 by default). Many tests run real servers in the test process; on a two-core machine
# an unbounded number of them at once starves the servers of Swift's few cooperative threads, and tests with real-time
# limits fail for that alone. Arguments go to the test runner (e.g. --filter FeedBotTests).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-dependencies.sh
swift build --build-tests
bin="$(swift build --show-bin-path)"
exec "$bin/PersistentChatPackageTests.xctest" --testing-library swift-testing \
    --experimental-maximum-parallelization-width "${PCHAT_TEST_WIDTH:-3}" "$@"
