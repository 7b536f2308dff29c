# Starts `voiceflow serve` on a free loopback port for scripts/bench-server and scripts/load, and stops it on exit.
# shellcheck shell=bash

SERVER_PID=""
SERVER_URL=""
SERVER_LOG=""
SERVER_DATA=""

# start_server ARGS... : builds the CLI, starts the server with ARGS, sets SERVER_PID and SERVER_URL.
start_server() {
    dotnet build "$REPO_ROOT/src/VoiceFlow.Cli/VoiceFlow.Cli.csproj" -c Release -nologo -clp:ErrorsOnly -v:q >&2
    SERVER_LOG="$(mktemp -t voiceflow-serve.XXXXXX)"
    # A private data folder: the server still writes every transcription to a history (a real cost to measure),
    # but never into the user's own history.
    SERVER_DATA="$(mktemp -d -t voiceflow-serve-data.XXXXXX)"
    XDG_DATA_HOME="$SERVER_DATA" dotnet "$REPO_ROOT/src/VoiceFlow.Cli/bin/Release/net10.0/voiceflow.dll" serve --urls http://127.0.0.1:0 "$@" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    trap stop_server EXIT
    local i
    for i in $(seq 1 300); do
        SERVER_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$SERVER_LOG" | head -1 || true)"
        [ -n "$SERVER_URL" ] && break
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            log "the server did not start:"; cat "$SERVER_LOG" >&2; exit 1
        fi
        sleep 0.1
    done
    [ -n "$SERVER_URL" ] || { log "the server did not report its address within 30 s"; cat "$SERVER_LOG" >&2; exit 1; }
    log "server $SERVER_URL (pid $SERVER_PID)"
}

# stop_server : SIGTERM (graceful: in-flight requests finish), then SIGKILL after 30 s.
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 300); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    [ -n "$SERVER_LOG" ] && rm -f "$SERVER_LOG"
    [ -n "$SERVER_DATA" ] && rm -rf "$SERVER_DATA"
    SERVER_PID=""
}

# run_server_bench SECONDS ARGS... : the bench client (bench/VoiceFlow.ServerBench) against the running server,
# killed after SECONDS whatever happens.
run_server_bench() {
    local limit="$1"; shift
    dotnet build "$REPO_ROOT/bench/VoiceFlow.ServerBench/VoiceFlow.ServerBench.csproj" -c Release -nologo -clp:ErrorsOnly -v:q >&2
    timeout "$limit" dotnet "$REPO_ROOT/bench/VoiceFlow.ServerBench/bin/Release/net10.0/VoiceFlow.ServerBench.dll" "$@" --url "$SERVER_URL"
}
