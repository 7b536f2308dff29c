namespace VoiceFlow.Core.Configuration;

/// <summary>
/// The whole effective configuration. Defaults here are the built-in layer; presets, the user's
/// file, VOICEFLOW_* environment variables and command-line flags override them in that order.
/// JSON keys are the snake_case forms of these names (the seed's names: enable_optimized_audio_validation, ...).
/// </summary>
public sealed record VoiceFlowOptions
{
    // ---- Optimizations (the seed's flags and defaults) ----

    /// <summary>Validate only every Nth block and sample large blocks statistically (seed step 1).</summary>
    public bool EnableOptimizedAudioValidation { get; init; }

    /// <summary>With optimized validation: fully check every Nth callback/block.</summary>
    public int ValidationFrequency { get; init; } = 8;

    /// <summary>With optimized validation: fraction of samples inspected in statistical mode.</summary>
    public double AudioValidationSampleRate { get; init; } = 0.03;

    /// <summary>With optimized validation: blocks shorter than this are checked fully.</summary>
    public int MinSamplesForStatistical { get; init; } = 800;

    /// <summary>Lock-free model access while one caller uses it, bounded concurrency when several do (seed step 2).</summary>
    public bool EnableAdaptiveModelAccess { get; init; }

    /// <summary>Upper bound of jobs running at once on one loaded model.</summary>
    public int MaxConcurrentTranscriptionJobs { get; init; } = 1;

    /// <summary>Callers allowed to wait for a model slot; one more is refused as busy.</summary>
    public int MaxQueuedTranscriptionJobs { get; init; } = 32;

    /// <summary>Detect a second concurrent caller and switch to bounded concurrency.</summary>
    public bool AutoDetectModelConcurrency { get; init; } = true;

    /// <summary>
    /// Emergency rollback (the seed's VOICEFLOW_DISABLE_OPTIMIZATIONS): when any source turns it on, every
    /// optimization is forced off whatever the other sources say.
    /// </summary>
    public bool DisableOptimizations { get; init; }

    /// <summary>Pooled buffers and zero-allocation block handling (seed step 3).</summary>
    public bool EnableMemoryOptimizations { get; init; }

    /// <summary>Number of pooled buffers kept ready.</summary>
    public int MemoryPoolSize { get; init; } = 10;

    /// <summary>Longest audio accepted for one transcription, in samples at 16 kHz (default 60 s).</summary>
    public int MaxAudioBufferSize { get; init; } = 16_000 * 60;

    /// <summary>
    /// Longest file <c>transcribe</c> accepts, in seconds; 0 for no limit. Files stream through in windows, so this is
    /// a policy, not a memory bound (separate from the dictation buffer, max_audio_buffer_size).
    /// </summary>
    public double MaxFileAudioSeconds { get; init; }

    /// <summary>Subtitles (srt, vtt): longest line, in characters.</summary>
    public int SubtitleMaxLineChars { get; init; } = 42;

    /// <summary>Subtitles: most lines per cue.</summary>
    public int SubtitleMaxLines { get; init; } = 2;

    /// <summary>Subtitles: longest cue, in seconds.</summary>
    public double SubtitleMaxCueSeconds { get; init; } = 7;

    /// <summary>Subtitles: most words per cue; 1 for word-level cues, 0 for no limit.</summary>
    public int SubtitleMaxWords { get; init; }

    // ---- Monitoring (the seed's "monitoring" section) ----

    /// <summary>Record every transcription in the performance monitor.</summary>
    public bool TrackPerformanceStats { get; init; } = true;

    /// <summary>Log each transcription's speed factor and active optimizations.</summary>
    public bool LogOptimizationEffects { get; init; }

    // ---- Product ----

    /// <summary>The preset applied beneath the user's settings: "safe", "balanced", "speed", or null for none.</summary>
    public string? PerformanceMode { get; init; }

    /// <summary>"auto", "pocketsphinx" or "whisper".</summary>
    public string Engine { get; init; } = "auto";

    /// <summary>Model path or name; null for the engine's default.</summary>
    public string? Model { get; init; }

    /// <summary>Spoken language (ISO 639-1) or "auto".</summary>
    public string Language { get; init; } = "en";

    /// <summary>Threads per job; 0 picks from the machine.</summary>
    public int Threads { get; init; }

    /// <summary>Beam width for engines that search (1 = greedy).</summary>
    public int BeamSize { get; init; } = 5;

    /// <summary>Candidates sampled per temperature step when not greedy.</summary>
    public int BestOf { get; init; } = 5;

    /// <summary>Starting sampling temperature (0 = deterministic).</summary>
    public double Temperature { get; init; }

    /// <summary>Retry at higher temperatures when a decode looks degenerate.</summary>
    public bool TemperatureFallback { get; init; } = true;

    /// <summary>Text that conditions the recogniser (Whisper initial prompt); null for none.</summary>
    public string? Prompt { get; init; }

    /// <summary>Align every word to the audio (Whisper: cross-attention dynamic time warping).</summary>
    public bool WordTimestamps { get; init; }

    /// <summary>Whisper alignment heads for word timestamps: auto, top-half, a model preset or layer:head pairs.</summary>
    public string AlignmentHeads { get; init; } = "auto";

    /// <summary>
    /// What the engine does with speech: "transcribe" (text in the spoken language) or "translate" (English text;
    /// multilingual Whisper models only).
    /// </summary>
    public string Task { get; init; } = "transcribe";

    /// <summary>
    /// Feed the previous window's text to the next one. Off by default: the seed's app turned it off because
    /// hallucinations grew with it over long sessions.
    /// </summary>
    public bool ConditionOnPreviousText { get; init; }

    /// <summary>Recordings whose RMS level stays below this (dBFS) are rejected as silence instead of transcribed.</summary>
    public double SilenceThresholdDbfs { get; init; } = -60;

    /// <summary>Reload the model after this many jobs to bound drift over a long session; 0 never reloads.</summary>
    public int ModelReloadInterval { get; init; }

    /// <summary>Trim silence and split long audio with the voice activity detector.</summary>
    public bool VadEnabled { get; init; } = true;

    /// <summary>Which voice activity detector: auto (Silero when its model is installed, else energy), silero or energy.</summary>
    public string VadDetector { get; init; } = "auto";

    /// <summary>Path of a Silero VAD ONNX file; null for the installed release named by <see cref="VadSileroVersion"/>.</summary>
    public string? VadSileroModel { get; init; }

    /// <summary>The Silero VAD release looked up in the models folder when no path is given: v5 or v6.</summary>
    public string VadSileroVersion { get; init; } = "v6";

    /// <summary>
    /// Detector sensitivity. Silero: a chunk is speech at this probability or more (0.5, silero-vad's default).
    /// Energy: speech starts vad_threshold × 10 dB above the noise floor (0.5 = the tuned 5 dB).
    /// </summary>
    public double VadThreshold { get; init; } = 0.5;

    /// <summary>Loud stretches shorter than this, in milliseconds, are clicks, not speech (60: the detector's tuned value).</summary>
    public int VadMinSpeechMs { get; init; } = 60;

    /// <summary>Silence at least this long, in milliseconds, ends a speech region.</summary>
    public int VadMinSilenceMs { get; init; } = 500;

    /// <summary>Audio kept on each side of a speech region, in milliseconds, so word edges are not cut.</summary>
    public int VadSpeechPadMs { get; init; } = 200;

    /// <summary>Longest recording kept by the recorder, in seconds.</summary>
    public double RecordingCapSeconds { get; init; } = 300;

    /// <summary>Always-on pre-roll ring length, in seconds.</summary>
    public double PreRollBufferSeconds { get; init; } = 1.5;

    /// <summary>How much of the pre-roll is prepended to a recording, in seconds.</summary>
    public double PreRollSeconds { get; init; } = 0.8;

    /// <summary>How long recording continues after the stop command, in seconds: the longest tail.</summary>
    public double TailSeconds { get; init; } = 0.35;

    /// <summary>Dictation: decode while the user speaks, with an engine that can (PocketSphinx), so end waits only for the tail and the end of the search.</summary>
    public bool DecodeWhileRecording { get; init; } = true;

    /// <summary>
    /// Dictation, decoding while recording: a pause at least this long (milliseconds) ends a phrase, finished while the
    /// user goes on (PocketSphinx ends its utterance there; Whisper decodes the phrase in the background), so end leaves
    /// only the last phrase. 0: no cutting (PocketSphinx decodes one utterance, Whisper the whole recording after end).
    /// </summary>
    public int PhrasePauseMs { get; init; } = 400;

    /// <summary>
    /// Dictation with Whisper, cutting phrases: at a pause at least this long (milliseconds), start decoding the phrase so
    /// far in the background, used as its text if no speech follows (discarded otherwise); the last phrase also starts
    /// decoding when the stop command comes, beside the tail. 0: no speculation (neither).
    /// </summary>
    public int SpeculativePauseMs { get; init; } = 150;

    /// <summary>Dictation: the tail ends once the voice activity detector has heard this many milliseconds of silence after the stop command (0: always all of tail_seconds).</summary>
    public int TailSilenceMs { get; init; } = 150;

    /// <summary>Dictation daemon: seconds without a dictation after which the model is released (0: kept loaded).</summary>
    public double ModelIdleUnloadSeconds { get; init; } = 300;

    // ---- Live capture and listen mode ----

    /// <summary>Capture source (PulseAudio source name, see `voiceflow devices`); null for the server's default.</summary>
    public string? CaptureSource { get; init; }

    /// <summary>PulseAudio server address (e.g. "unix:/run/user/1000/pulse/native"); null for libpulse's own choice (PULSE_SERVER, the session's server).</summary>
    public string? PulseServer { get; init; }

    /// <summary>In listen mode, re-decode the utterance in progress after this many seconds of new audio for a partial result; 0 turns partials off.</summary>
    public double ListenPartialIntervalSeconds { get; init; } = 0.6;

    /// <summary>
    /// Listen and live streams, decoding during speech: a pause this long inside an utterance (shorter than
    /// vad_min_silence_ms, which ends it) ends a phrase, finished while the speaker goes on (0: no phrases).
    /// </summary>
    public int ListenPhrasePauseMs { get; init; } = 250;

    /// <summary>In listen mode, speech longer than this many seconds without a pause is cut into several utterances.</summary>
    public double ListenMaxUtteranceSeconds { get; init; } = 20;

    /// <summary>Where dictated text goes: "stdout", "clipboard", "type" or "file".</summary>
    public string Output { get; init; } = "stdout";

    /// <summary>File appended to when <see cref="Output"/> is "file".</summary>
    public string? OutputFile { get; init; }

    /// <summary>After pasting through the clipboard, put back what it held before.</summary>
    public bool RestoreClipboard { get; init; } = true;

    // ---- Delivery, hallucination filter and history (delivery helper's block) ----

    /// <summary>With output "file": "line" (one dictation per line) or "text" (appended as running text).</summary>
    public string OutputFileFormat { get; init; } = "line";

    /// <summary>With output "type": "auto" (type, paste what the tool cannot type), "type" or "paste" (clipboard + Ctrl+V).</summary>
    public string TypeMethod { get; init; } = "auto";

    /// <summary>Delay between typed keys, in milliseconds.</summary>
    public int TypeKeyDelayMs { get; init; } = 4;

    /// <summary>Shortest time between two injections into the desktop, in milliseconds (the seed's app: 100).</summary>
    public int InjectionIntervalMs { get; init; } = 100;

    /// <summary>Longest text typed or pasted in one injection; longer text is split at white space (the seed's app: 4000).</summary>
    public int InjectionMaxChars { get; init; } = 4000;

    /// <summary>Drop the texts Whisper invents on silence and noise ("thank you", "[music]", a phrase repeated three or more times).</summary>
    public bool HallucinationFilter { get; init; } = true;

    /// <summary>Store every dictation and file transcription in the history database.</summary>
    public bool HistoryEnabled { get; init; } = true;

    /// <summary>Keep each transcription's audio as a WAV file beside the history database.</summary>
    public bool HistoryKeepAudio { get; init; }

    // ---- Post-processing of recognised text ----

    /// <summary>Capitalise the first letter of each sentence.</summary>
    public bool CapitalizeSentences { get; init; } = true;

    /// <summary>Remove filler words ("um", "uh", "er") from the text.</summary>
    public bool RemoveFillerWords { get; init; } = true;

    /// <summary>Repair contractions and the lone pronoun ("dont" → "don't", "i" → "I").</summary>
    public bool FixContractions { get; init; } = true;

    /// <summary>Collapse repeated spaces, remove spaces before punctuation and add one after it.</summary>
    public bool TidyWhitespace { get; init; } = true;

    /// <summary>Turn spoken symbols into code ("open paren" → "("); turns sentence capitalisation off.</summary>
    public bool CodeMode { get; init; }

    /// <summary>End each dictated chunk with a space so consecutive dictations do not run together.</summary>
    public bool AppendTrailingSpace { get; init; } = true;

    // ---- Server (voiceflow serve) ----

    /// <summary>Address the server listens on (loopback by default).</summary>
    public string ServerUrls { get; init; } = "http://127.0.0.1:8765";

    /// <summary>Bearer key required on API calls; required to listen beyond loopback. Null for none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Largest upload accepted, in bytes (OpenAI's limit: 25 MB).</summary>
    public int ServerMaxUploadBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>Longest audio per request or stream utterance, in seconds.</summary>
    public int ServerMaxAudioSeconds { get; init; } = 600;

    /// <summary>tcp://HOST:PORT where the server also speaks the Wyoming protocol (Home Assistant); null for off.</summary>
    public string? ServerWyoming { get; init; }

    /// <summary>Let the Wyoming endpoint listen beyond loopback (Wyoming has no authentication).</summary>
    public bool ServerWyomingAllowRemote { get; init; }

    /// <summary>TLS certificate for https:// server_urls: a PEM file (with server_certificate_key) or a PKCS#12 file.</summary>
    public string? ServerCertificate { get; init; }

    /// <summary>The PEM private key of server_certificate; null when the certificate file holds its key.</summary>
    public string? ServerCertificateKey { get; init; }
}
