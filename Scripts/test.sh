#!/usr/bin/env bash
# The README's test command: installs the system packages the tests need when they are missing
# (Scripts/install-dependencies.sh), then runs the whole suite. Arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-dependencies.sh
exec swift test "$@"
