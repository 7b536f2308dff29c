# Shared by scripts/*: locating the repo, installing system packages, building.
# shellcheck shell=bash
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages VoiceFlow uses at run time and in its tests:
#   pocketsphinx*   the default engine and its US English model
#   flite, sox      the synthesised speech corpus and audio conversion
#   ffmpeg          decoding flac/mp3/ogg/m4a/webm input
#   pocketsphinx-testdata  real read speech with transcripts, for WER tests
#   xdotool, xclip  typing and the clipboard on X11 (Wayland users add wtype and wl-clipboard)
#   libpulse0, pulseaudio-utils  microphone capture (libpulse-simple) and the source list (pactl)
#   xvfb, xterm, xsel  the delivery tests: a private X display, a window to type into, the second clipboard tool
#   pulseaudio      the capture and dictation tests: a private sound server with a null sink
#   chromium        the browser test of the web page (headless, driven by Playwright; no browser download)
#   sway, foot, wtype, wl-clipboard  the Wayland delivery tests: a headless wlroots compositor, a window to type into,
#                   the typing and clipboard tools
VOICEFLOW_RUNTIME_PACKAGES=(pocketsphinx pocketsphinx-en-us libpocketsphinx3 libsphinxbase3 sox flite ffmpeg xdotool xclip libpulse0 pulseaudio-utils)
VOICEFLOW_TEST_PACKAGES=(pocketsphinx-testdata libsox-fmt-all xvfb xterm xsel pulseaudio chromium sway foot wtype wl-clipboard)
#   afl++           the coverage-guided fuzzer of scripts/fuzz (not needed by scripts/test)
VOICEFLOW_FUZZ_PACKAGES=(afl++)

log() { printf '[voiceflow] %s\n' "$*" >&2; }

# ensure_packages PKG... : installs the missing ones with apt-get when root, else says what to run.
ensure_packages() {
    local missing=()
    local p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            log "installing: ${missing[*]}"
            sudo apt-get update -q >/dev/null
            sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
            return 0
        fi
        log "missing Debian packages: ${missing[*]}"
        log "install them with: sudo apt-get install ${missing[*]}"
        exit 2
    fi
    log "installing: ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# ensure_npm_clients : the official npm clients the server tests drive (tests/npm: the `openai` package and `ws`),
# installed from the lock file into tests/npm/node_modules. Needs node and npm (Debian: nodejs, npm).
ensure_npm_clients() {
    local dir="$REPO_ROOT/tests/npm"
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        ensure_packages nodejs npm
    fi
    if [ ! -d "$dir/node_modules/openai" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        log "installing the npm test clients (tests/npm)..."
        npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
    fi
}

ensure_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        log "the .NET SDK 10 is required (dotnet not found on PATH)."
        log "on Debian: install the dotnet-sdk-10.0 package from Microsoft's repository, then run this again."
        exit 2
    fi
}

build_solution() {
    log "building (Release)..."
    dotnet build "$REPO_ROOT/VoiceFlow.slnx" -c Release -nologo -clp:ErrorsOnly -v:q >&2
    ensure_dictate_client
}

# ensure_dictate_client : publishes voiceflow-dictate, the native (ahead-of-time compiled) client the ./voiceflow
# launcher runs for `dictate begin|end|toggle|cancel|status` (a shortcut's command starts in milliseconds). Native AOT
# links with clang and zlib; the compiler package comes from NuGet like any other. Quick when the binary is current.
VOICEFLOW_AOT_PACKAGES=(clang zlib1g-dev)
ensure_dictate_client() {
    local project="$REPO_ROOT/src/VoiceFlow.DictateClient"
    local rid
    case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64 | arm64) rid=linux-arm64 ;; *) return 0 ;; esac
    local binary="$project/bin/Release/net10.0/$rid/publish/voiceflow-dictate"
    if [ -x "$binary" ] && [ -z "$(find "$project" "$REPO_ROOT/src/VoiceFlow.Dictation" "$REPO_ROOT/src/VoiceFlow.Core" \
            "$REPO_ROOT/Directory.Build.props" "$REPO_ROOT/Directory.Packages.props" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) \
            -newer "$binary" -print -quit 2>/dev/null)" ]; then
        return 0
    fi
    ensure_packages "${VOICEFLOW_AOT_PACKAGES[@]}"
    log "publishing the native dictation client (voiceflow-dictate)..."
    dotnet publish "$project/VoiceFlow.DictateClient.csproj" -c Release -r "$rid" -nologo -clp:ErrorsOnly -v:q >&2
    touch "$binary"
}

# Silero VAD (the default voice detector): the official ONNX files (snakers4/silero-vad, MIT) as the npm package
# @ricky0123/vad-web@0.0.31 ships them, installed into the models folder the Whisper model store uses
# ($XDG_DATA_HOME/voiceflow/models, else ~/.local/share/voiceflow/models). Checked by SHA-256; quick when present.
# Without npm nothing is installed and VoiceFlow uses its energy detector (one info line), so this never fails a run.
SILERO_NPM_PACKAGE="@ricky0123/vad-web@0.0.31"
SILERO_MODELS=(
    "silero_vad_v5.onnx 2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"
    "silero_vad_v6.onnx 1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"
)

voiceflow_models_dir() {
    local data="${XDG_DATA_HOME:-}"
    case "$data" in /*) ;; *) data="$HOME/.local/share" ;; esac
    printf '%s/voiceflow/models\n' "$data"
}

ensure_silero_models() {
    local dir entry name sha missing=()
    dir="$(voiceflow_models_dir)"
    for entry in "${SILERO_MODELS[@]}"; do
        name="${entry%% *}"; sha="${entry##* }"
        if [ ! -f "$dir/$name" ] || [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" != "$sha" ]; then
            missing+=("$entry")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        log "npm not found: Silero VAD not installed (the energy detector is used); install npm and run this again"
        return 0
    fi
    local work
    work="$(mktemp -d)"
    log "installing Silero VAD from npm ($SILERO_NPM_PACKAGE) into $dir"
    if ! (cd "$work" && npm pack --silent "$SILERO_NPM_PACKAGE" >/dev/null 2>&1); then
        log "npm pack $SILERO_NPM_PACKAGE failed: Silero VAD not installed (the energy detector is used)"
        rm -rf "$work"
        return 0
    fi
    mkdir -p "$dir"
    for entry in "${missing[@]}"; do
        name="${entry%% *}"; sha="${entry##* }"
        tar -xzf "$work"/*.tgz -C "$work" "package/dist/$name"
        if [ "$(sha256sum "$work/package/dist/$name" | cut -d' ' -f1)" != "$sha" ]; then
            log "$name from $SILERO_NPM_PACKAGE does not have the expected SHA-256 $sha: not installed"
            continue
        fi
        cp "$work/package/dist/$name" "$dir/$name.part" && mv "$dir/$name.part" "$dir/$name"
    done
    rm -rf "$work"
}
