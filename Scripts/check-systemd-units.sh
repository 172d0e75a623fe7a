#!/usr/bin/env bash
# Checks the systemd units in deploy/systemd without installing anything system-wide: copies them into a temporary
# folder with /usr/local/bin/ rewritten to a folder of links to the built pchatd and bothost, runs
# `systemd-analyze verify` on the copies, and fails on any line it prints (it exits 0 on most warnings, such as an
# unknown key). Then checks that every option a unit passes to pchatd or bothost is one its subcommand's --help lists.
# Installs systemd-analyze when it is missing (Scripts/install-dependencies.sh, the systemd package).
# Usage: Scripts/check-systemd-units.sh [--bin-dir DIR]: DIR holds the built pchatd and bothost (default:
# `swift build --show-bin-path`; build them first with `swift build --product pchatd` and `--product bothost`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=""
if [[ "${1:-}" == "--bin-dir" && -n "${2:-}" ]]; then
    bin_dir="$(cd "$2" && pwd)"
fi
if [[ -z "$bin_dir" ]]; then
    bin_dir="$(swift build --show-bin-path)"
fi
for binary in pchatd bothost; do
    if [[ ! -x "$bin_dir/$binary" ]]; then
        echo "check-systemd-units: $bin_dir/$binary is missing; build it with: swift build --product $binary" >&2
        exit 1
    fi
done

if ! command -v systemd-analyze >/dev/null; then
    Scripts/install-dependencies.sh
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/units"
ln -s "$bin_dir/pchatd" "$work/bin/pchatd"
ln -s "$bin_dir/bothost" "$work/bin/bothost"
units=()
for unit in deploy/systemd/*.service deploy/systemd/*.timer; do
    sed "s#/usr/local/bin/#$work/bin/#g" "$unit" > "$work/units/$(basename "$unit")"
    units+=("$work/units/$(basename "$unit")")
done

failed=0
output=$(cd "$work/units" && systemd-analyze verify --man=no "${units[@]}" 2>&1) || failed=1
if [[ -n "$output" || "$failed" != 0 ]]; then
    echo "check-systemd-units: systemd-analyze verify found faults:" >&2
    echo "$output" | sed "s#$work/units/#deploy/systemd/#g; s#$work/bin/#/usr/local/bin/#g" >&2
    exit 1
fi

# Every `/usr/local/bin/PROGRAM SUBCOMMAND … --option …` of an Exec line: the subcommand's --help must list the option.
for unit in deploy/systemd/*.service; do
    while IFS= read -r line; do
        command=$(grep -oE "/usr/local/bin/(pchatd|bothost)( [^'\"]*)?" <<< "$line" || true)
        [[ -z "$command" ]] && continue
        read -r -a words <<< "$command"
        program=$(basename "${words[0]}")
        subcommand=""
        for word in "${words[@]:1}"; do
            if [[ "$word" != -* ]]; then subcommand="$word"; break; fi
        done
        subcommands=$("$work/bin/$program" --help 2>&1 || true)
        if ! grep -qE "^  $subcommand( |$)" <<< "$subcommands"; then
            echo "check-systemd-units: $unit: $program has no subcommand '$subcommand'" >&2
            failed=1
            continue
        fi
        if ! help=$("$work/bin/$program" "$subcommand" --help 2>&1); then
            echo "check-systemd-units: $unit: '$program $subcommand --help' fails: $help" >&2
            failed=1
            continue
        fi
        for word in "${words[@]:1}"; do
            option="${word%%=*}"
            if [[ "$option" == --* ]] && ! grep -qE -- "(^|[ ,])$option( |,|$)" <<< "$help"; then
                echo "check-systemd-units: $unit: '$program $subcommand' has no option $option" >&2
                failed=1
            fi
        done
    done < <(grep -E '^Exec[A-Za-z]*=' "$unit")
done
if [[ "$failed" != 0 ]]; then exit 1; fi
echo "check-systemd-units: ${#units[@]} units verified: $(cd deploy/systemd && echo *.service *.timer)"
