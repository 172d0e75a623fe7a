#!/usr/bin/env bash
# Checks what `import BotKit` shows a bot author in a package of their own: the message model compiles, while the
# wire protocol, the client SDK's sessions and the host's internals are out of scope. It builds a probe file in the
# TeamBots target, expects the compiler to refuse exactly the hidden names, and removes the probe however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
probe=Sources/TeamBots/BoundaryProbe.swift
trap 'rm -f "$probe"' EXIT
hidden=(CommandCatalog FrameCodec ChatRoomSession PersistentChatEndpoint HandledLedger ReloadPlan SupervisionPolicy
        HostConfiguration BotHost)
{
    echo 'import BotKit'
    echo 'func visibleModel(_ message: ChatMessage, _ room: ChatRoomURI, _ author: SIPURI, _ part: MessagePartPayload) {}'
    echo 'func hiddenNames() {'
    for name in "${hidden[@]}"; do echo "    _ = $name.self"; done
    echo '}'
} > "$probe"
if output=$(swift build --target TeamBots 2>&1); then
    echo "check-api-boundary: the probe compiled, so BotKit shows names it must hide: ${hidden[*]}" >&2
    exit 1
fi
refused=$(grep -o "error: cannot find '[A-Za-z]*' in scope" <<<"$output" | sed "s/.*'\(.*\)'.*/\1/" | sort -u)
expected=$(printf '%s\n' "${hidden[@]}" | sort -u)
other=$(grep "error:" <<<"$output" | grep -v "cannot find '[A-Za-z]*' in scope" | grep -v "^error: emit-module\|^error: fatalError" || true)
if [ "$refused" != "$expected" ] || [ -n "$other" ]; then
    echo "check-api-boundary: expected exactly these names to be hidden:" >&2
    echo "$expected" >&2
    echo "the compiler refused:" >&2
    echo "$refused" >&2
    echo "other errors:" >&2
    echo "$other" >&2
    exit 1
fi
echo "check-api-boundary: import BotKit shows the message model and hides ${#hidden[@]} names of the protocol, SDK and host"
