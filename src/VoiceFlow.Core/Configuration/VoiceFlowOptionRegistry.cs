using System.Collections.Frozen;
using VoiceFlow.Core.Errors;
using O = VoiceFlow.Core.Configuration.VoiceFlowOptions;

namespace VoiceFlow.Core.Configuration;

/// <summary>
/// Every configuration option, one line each. Parsing, validation, <c>VOICEFLOW_*</c> names, <c>config show</c> and
/// docs/configuration.md all come from this list: adding an option is a property on <see cref="VoiceFlowOptions"/>
/// plus one line here (a test fails if a property has no line).
/// </summary>
public static class VoiceFlowOptionRegistry
{
    /// <summary>Section names, in display order. A config file may nest keys under these objects.</summary>
    public const string General = "general", Optimizations = "optimizations", Monitoring = "monitoring", Engine = "recognizer",
        Decoding = "decoding", Vad = "vad", Recording = "recording", Output = "delivery", PostProcessing = "post_processing", Server = "server";

    /// <summary>The built-in defaults (the bottom layer).</summary>
    public static VoiceFlowOptions Defaults { get; } = new();

    /// <summary>The sections in display order.</summary>
    public static IReadOnlyList<string> Sections { get; } =
        [General, Optimizations, Monitoring, Engine, Decoding, Vad, Recording, Output, PostProcessing, Server];

    /// <summary>Every option, grouped by section.</summary>
    public static IReadOnlyList<OptionDescriptor> All { get; } =
    [
        Choice(nameof(O.PerformanceMode), General, o => o.PerformanceMode, (o, v) => o with { PerformanceMode = v }, "Preset applied beneath the explicit settings (see Presets); null applies none, which equals safe.", nullable: true, PerformancePresets.Safe, PerformancePresets.Balanced, PerformancePresets.Speed),

        Bool(nameof(O.EnableOptimizedAudioValidation), Optimizations, o => o.EnableOptimizedAudioValidation, (o, v) => o with { EnableOptimizedAudioValidation = v }, "Validate only every Nth audio block and sample large blocks statistically instead of checking every sample.", optimization: true),
        Int(nameof(O.ValidationFrequency), Optimizations, o => o.ValidationFrequency, (o, v) => o with { ValidationFrequency = v }, 1, 1024, "With optimized validation: fully check every Nth audio block."),
        Number(nameof(O.AudioValidationSampleRate), Optimizations, o => o.AudioValidationSampleRate, (o, v) => o with { AudioValidationSampleRate = v }, 0.001, 1, "With optimized validation: fraction of samples inspected in statistical mode."),
        Int(nameof(O.MinSamplesForStatistical), Optimizations, o => o.MinSamplesForStatistical, (o, v) => o with { MinSamplesForStatistical = v }, 1, 16_000_000, "With optimized validation: blocks shorter than this many samples are always checked fully."),
        Bool(nameof(O.EnableAdaptiveModelAccess), Optimizations, o => o.EnableAdaptiveModelAccess, (o, v) => o with { EnableAdaptiveModelAccess = v }, "Skip the model lock while a single caller uses the model; bound concurrency once a second caller appears.", optimization: true),
        Int(nameof(O.MaxConcurrentTranscriptionJobs), Optimizations, o => o.MaxConcurrentTranscriptionJobs, (o, v) => o with { MaxConcurrentTranscriptionJobs = v }, 1, 64, "Most jobs running at once on one loaded model."),
        Int(nameof(O.MaxQueuedTranscriptionJobs), Optimizations, o => o.MaxQueuedTranscriptionJobs, (o, v) => o with { MaxQueuedTranscriptionJobs = v }, 0, 1024, "Callers allowed to wait for a model slot; one more is refused as busy."),
        Bool(nameof(O.AutoDetectModelConcurrency), Optimizations, o => o.AutoDetectModelConcurrency, (o, v) => o with { AutoDetectModelConcurrency = v }, "With adaptive model access: detect a second concurrent caller and switch to bounded concurrency."),
        Bool(nameof(O.EnableMemoryOptimizations), Optimizations, o => o.EnableMemoryOptimizations, (o, v) => o with { EnableMemoryOptimizations = v }, "Pooled buffers and zero-allocation block handling.", optimization: true),
        Int(nameof(O.MemoryPoolSize), Optimizations, o => o.MemoryPoolSize, (o, v) => o with { MemoryPoolSize = v }, 0, 1024, "With memory optimizations: number of pooled buffers kept ready."),
        Int(nameof(O.MaxAudioBufferSize), Optimizations, o => o.MaxAudioBufferSize, (o, v) => o with { MaxAudioBufferSize = v }, 1_600, 16_000 * 60 * 60 * 4, "Longest audio accepted for one transcription, in samples at 16 kHz (960000 = 60 s)."),
        Bool(nameof(O.DisableOptimizations), Optimizations, o => o.DisableOptimizations, (o, v) => o with { DisableOptimizations = v }, "Rollback switch: when any source turns it on, every optimization is off whatever the other sources say."),

        Bool(nameof(O.TrackPerformanceStats), Monitoring, o => o.TrackPerformanceStats, (o, v) => o with { TrackPerformanceStats = v }, "Record every transcription in the performance monitor."),
        Bool(nameof(O.LogOptimizationEffects), Monitoring, o => o.LogOptimizationEffects, (o, v) => o with { LogOptimizationEffects = v }, "Log each transcription's speed factor and the optimizations that were active."),

        Choice(nameof(O.Engine), Engine, o => o.Engine, (o, v) => o with { Engine = v! }, "Speech engine; auto picks Whisper when a model is available, else PocketSphinx.", nullable: false, "auto", "pocketsphinx", "whisper"),
        Text(nameof(O.Model), Engine, o => o.Model, (o, v) => o with { Model = v }, "Model path or name; null for the engine's default.", nullable: true),
        Text(nameof(O.Language), Engine, o => o.Language, (o, v) => o with { Language = v! }, "Spoken language as an ISO 639-1 code, or auto to detect it.", nullable: false, IsLanguage, "auto or a 2-3 letter lowercase language code"),
        Int(nameof(O.Threads), Engine, o => o.Threads, (o, v) => o with { Threads = v }, 0, 256, "Threads per job; 0 picks from the machine."),
        Int(nameof(O.ModelReloadInterval), Engine, o => o.ModelReloadInterval, (o, v) => o with { ModelReloadInterval = v }, 0, 1_000_000, "Reload the model after this many jobs to bound drift over a long session; 0 never reloads."),

        Int(nameof(O.BeamSize), Decoding, o => o.BeamSize, (o, v) => o with { BeamSize = v }, 1, 16, "Beam width for engines that search; 1 decodes greedily."),
        Int(nameof(O.BestOf), Decoding, o => o.BestOf, (o, v) => o with { BestOf = v }, 1, 16, "Candidates sampled per temperature step when not greedy."),
        Number(nameof(O.Temperature), Decoding, o => o.Temperature, (o, v) => o with { Temperature = v }, 0, 1, "Starting sampling temperature; 0 is deterministic."),
        Bool(nameof(O.TemperatureFallback), Decoding, o => o.TemperatureFallback, (o, v) => o with { TemperatureFallback = v }, "Retry at higher temperatures when a decode looks degenerate."),
        Text(nameof(O.Prompt), Decoding, o => o.Prompt, (o, v) => o with { Prompt = v }, "Initial prompt that conditions the recogniser (names, jargon); null for none.", nullable: true, p => p.Length <= 1000, "text of at most 1000 characters"),
        Choice(nameof(O.Task), Decoding, o => o.Task, (o, v) => o with { Task = v! }, "transcribe keeps the spoken language; translate gives English text (multilingual Whisper models only).", nullable: false, "transcribe", "translate"),
        Bool(nameof(O.WordTimestamps), Decoding, o => o.WordTimestamps, (o, v) => o with { WordTimestamps = v }, "Align every word to the audio; Whisper runs one extra decoder pass per window (cross-attention dynamic time warping)."),
        Text(nameof(O.AlignmentHeads), Decoding, o => o.AlignmentHeads, (o, v) => o with { AlignmentHeads = v! }, "Whisper heads that word timestamps align: auto (the preset of the model's size), top-half, a preset (tiny.en ... large-v3-turbo) or layer:head pairs such as 2:4,3:3.", nullable: false, IsAlignmentHeads, "auto, top-half, a preset such as base.en or large-v3-turbo, or layer:head pairs such as 2:4,3:3"),
        Bool(nameof(O.ConditionOnPreviousText), Decoding, o => o.ConditionOnPreviousText, (o, v) => o with { ConditionOnPreviousText = v }, "Feed each window's text to the next; off because hallucinations grew with it over long sessions."),
        Number(nameof(O.SilenceThresholdDbfs), Decoding, o => o.SilenceThresholdDbfs, (o, v) => o with { SilenceThresholdDbfs = v }, -120, 0, "Audio whose RMS level stays below this (dBFS) is silence: nothing is transcribed (engines invent text from near-silence)."),

        Bool(nameof(O.VadEnabled), Vad, o => o.VadEnabled, (o, v) => o with { VadEnabled = v }, "Trim silence and split long audio with the voice activity detector."),
        Choice(nameof(O.VadDetector), Vad, o => o.VadDetector, (o, v) => o with { VadDetector = v! }, "Voice activity detector: silero (the Silero VAD network), energy (an adaptive energy threshold) or auto (silero when its model is installed, else energy).", nullable: false, "auto", "silero", "energy"),
        Text(nameof(O.VadSileroModel), Vad, o => o.VadSileroModel, (o, v) => o with { VadSileroModel = v }, "Silero VAD ONNX file (v5 or v6); null for the release vad_silero_version in the models folder ('voiceflow models download silero-vad').", nullable: true),
        Choice(nameof(O.VadSileroVersion), Vad, o => o.VadSileroVersion, (o, v) => o with { VadSileroVersion = v! }, "Silero VAD release used when vad_silero_model is null: v6 (fewer false alarms on noise) or v5.", nullable: false, "v6", "v5"),
        Number(nameof(O.VadThreshold), Vad, o => o.VadThreshold, (o, v) => o with { VadThreshold = v }, 0.01, 0.99, "Detector sensitivity. Silero: a 32 ms chunk is speech at this probability or more (speech ends below it minus 0.15). Energy: a frame starts speech vad_threshold x 10 dB above the noise floor (0.5 = 5 dB). Higher needs clearer speech."),
        Int(nameof(O.VadMinSpeechMs), Vad, o => o.VadMinSpeechMs, (o, v) => o with { VadMinSpeechMs = v }, 0, 5_000, "Energy detector: loud stretches shorter than this many milliseconds are clicks, not speech (Silero uses get_speech_timestamps' 250 ms)."),
        Int(nameof(O.VadMinSilenceMs), Vad, o => o.VadMinSilenceMs, (o, v) => o with { VadMinSilenceMs = v }, 0, 10_000, "A pause at least this many milliseconds long ends a speech region (and, in listen and streaming, an utterance)."),
        Int(nameof(O.VadSpeechPadMs), Vad, o => o.VadSpeechPadMs, (o, v) => o with { VadSpeechPadMs = v }, 0, 2_000, "Milliseconds of audio kept on each side of the detected speech so word edges are not cut."),

        Number(nameof(O.RecordingCapSeconds), Recording, o => o.RecordingCapSeconds, (o, v) => o with { RecordingCapSeconds = v }, 0.1, 14_400, "Longest recording kept by the recorder, in seconds."),
        Number(nameof(O.PreRollBufferSeconds), Recording, o => o.PreRollBufferSeconds, (o, v) => o with { PreRollBufferSeconds = v }, 0, 60, "Length of the always-on pre-roll ring, in seconds."),
        Number(nameof(O.PreRollSeconds), Recording, o => o.PreRollSeconds, (o, v) => o with { PreRollSeconds = v }, 0, 60, "Pre-roll prepended to each recording so first words are not lost, in seconds (at most pre_roll_buffer_seconds)."),
        Number(nameof(O.TailSeconds), Recording, o => o.TailSeconds, (o, v) => o with { TailSeconds = v }, 0, 10, "How long recording continues after the stop command so last words are not lost, in seconds: the longest tail (see tail_silence_ms)."),
        Bool(nameof(O.DecodeWhileRecording), Recording, o => o.DecodeWhileRecording, (o, v) => o with { DecodeWhileRecording = v }, "Dictation, listen and live streams: decode while the user speaks with an engine that can (PocketSphinx), so the text arrives right after the tail (a live utterance's final right after its end of speech) however long the dictation; false decodes the whole recording after the stop command (each live utterance after its end) (PocketSphinx then subtracts the whole utterance's cepstral mean, slightly more accurate on real speech)."),
        Int(nameof(O.PhrasePauseMs), Recording, o => o.PhrasePauseMs, (o, v) => o with { PhrasePauseMs = v }, 0, 10_000, "Dictation, with decode_while_recording: a pause at least this many milliseconds long ends a phrase, which is finished while the user goes on (PocketSphinx ends its utterance there and starts the next; Whisper decodes the phrase in the background, earlier phrases' text as its prompt), so the stop command leaves only the last phrase to decode; 0 cuts nothing (PocketSphinx decodes one utterance, Whisper the whole recording after the stop command)."),
        Int(nameof(O.SpeculativePauseMs), Recording, o => o.SpeculativePauseMs, (o, v) => o with { SpeculativePauseMs = v }, 0, 10_000, "Dictation with Whisper, cutting phrases (phrase_pause_ms): at a pause at least this many milliseconds long (shorter than phrase_pause_ms), start decoding the phrase so far in the background; if no speech follows before the phrase or the dictation ends, that decode is the phrase's text (the silence after its start is not decoded), so a user who pauses before the stop command waits less; speech after the pause discards it (the phrase is decoded whole at its end, as without it). The last phrase also starts decoding the moment the stop command comes, beside the tail, used if the voice activity detector hears no speech in the tail after it (a word still being said is never lost). 0: no speculation, at pauses or at the stop."),
        Int(nameof(O.TailSilenceMs), Recording, o => o.TailSilenceMs, (o, v) => o with { TailSilenceMs = v }, 0, 10_000, "Dictation: the tail ends as soon as the voice activity detector has heard this many milliseconds of silence after the stop command (a word still being spoken is kept), at most tail_seconds; 0 always records all of tail_seconds."),
        Number(nameof(O.ModelIdleUnloadSeconds), Recording, o => o.ModelIdleUnloadSeconds, (o, v) => o with { ModelIdleUnloadSeconds = v }, 0, 604_800, "Dictation daemon: release the model after this many seconds without a dictation, giving its memory back, and load it again at the next begin while the recording runs; 0 keeps it loaded."),

        Text(nameof(O.CaptureSource), Recording, o => o.CaptureSource, (o, v) => o with { CaptureSource = v }, "Capture source (a PulseAudio source name from 'voiceflow devices'); null for the server's default.", nullable: true),
        Text(nameof(O.PulseServer), Recording, o => o.PulseServer, (o, v) => o with { PulseServer = v }, "PulseAudio server address such as unix:/run/user/1000/pulse/native; null for libpulse's own choice (PULSE_SERVER or the session's server).", nullable: true),
        Int(nameof(O.ListenPhrasePauseMs), Recording, o => o.ListenPhrasePauseMs, (o, v) => o with { ListenPhrasePauseMs = v }, 0, 10_000, "Listen mode and live streams, with decode_while_recording: a pause at least this many milliseconds long inside an utterance (shorter than vad_min_silence_ms, which ends the utterance) ends a phrase, finished while the speaker goes on (PocketSphinx ends its search there), so an utterance's final only finishes its last phrase; 0: no phrases. Whisper has no stream: it decodes each utterance whole at its end."),
        Number(nameof(O.ListenPartialIntervalSeconds), Recording, o => o.ListenPartialIntervalSeconds, (o, v) => o with { ListenPartialIntervalSeconds = v }, 0, 30, "Listen mode: re-decode the utterance in progress after this many seconds of new audio to show a partial result; 0 turns partials off."),
        Number(nameof(O.ListenMaxUtteranceSeconds), Recording, o => o.ListenMaxUtteranceSeconds, (o, v) => o with { ListenMaxUtteranceSeconds = v }, 1, 600, "Listen mode: speech running longer than this many seconds without a pause is cut into several utterances."),

        Choice(nameof(O.Output), Output, o => o.Output, (o, v) => o with { Output = v! }, "Where dictated text goes.", nullable: false, "stdout", "clipboard", "type", "file"),
        Text(nameof(O.OutputFile), Output, o => o.OutputFile, (o, v) => o with { OutputFile = v }, "File appended to when output is file.", nullable: true),
        Bool(nameof(O.RestoreClipboard), Output, o => o.RestoreClipboard, (o, v) => o with { RestoreClipboard = v }, "After pasting through the clipboard, put back what it held before."),

        // Delivery helper's block: delivery limits, the hallucination filter and history.
        Choice(nameof(O.OutputFileFormat), Output, o => o.OutputFileFormat, (o, v) => o with { OutputFileFormat = v! }, "With output file: line writes one dictation per line, text appends running text.", nullable: false, "line", "text"),
        Choice(nameof(O.TypeMethod), Output, o => o.TypeMethod, (o, v) => o with { TypeMethod = v! }, "With output type: auto types and pastes what the tool cannot type, type always types, paste uses the clipboard and Ctrl+V.", nullable: false, "auto", "type", "paste"),
        Int(nameof(O.TypeKeyDelayMs), Output, o => o.TypeKeyDelayMs, (o, v) => o with { TypeKeyDelayMs = v }, 0, 200, "Delay between typed keys, in milliseconds."),
        Int(nameof(O.InjectionIntervalMs), Output, o => o.InjectionIntervalMs, (o, v) => o with { InjectionIntervalMs = v }, 0, 10_000, "Shortest time between two injections into the desktop (typing, clipboard), in milliseconds."),
        Int(nameof(O.InjectionMaxChars), Output, o => o.InjectionMaxChars, (o, v) => o with { InjectionMaxChars = v }, 16, 1_000_000, "Longest text typed or pasted in one injection; longer text is split at white space."),
        Bool(nameof(O.HallucinationFilter), PostProcessing, o => o.HallucinationFilter, (o, v) => o with { HallucinationFilter = v }, "Drop texts engines invent on silence and noise (thank you, [music], a phrase repeated 3+ times)."),
        Bool(nameof(O.HistoryEnabled), General, o => o.HistoryEnabled, (o, v) => o with { HistoryEnabled = v }, "Store every dictation and file transcription in $XDG_DATA_HOME/voiceflow/history.db."),
        Bool(nameof(O.HistoryKeepAudio), General, o => o.HistoryKeepAudio, (o, v) => o with { HistoryKeepAudio = v }, "Keep each transcription's audio as a WAV file beside the history database."),

        Bool(nameof(O.CapitalizeSentences), PostProcessing, o => o.CapitalizeSentences, (o, v) => o with { CapitalizeSentences = v }, "Capitalise the first letter of each sentence."),
        Bool(nameof(O.RemoveFillerWords), PostProcessing, o => o.RemoveFillerWords, (o, v) => o with { RemoveFillerWords = v }, "Remove filler words (um, uh, er) from the text."),
        Bool(nameof(O.FixContractions), PostProcessing, o => o.FixContractions, (o, v) => o with { FixContractions = v }, "Repair contractions and the lone pronoun (dont -> don't, i -> I)."),
        Bool(nameof(O.TidyWhitespace), PostProcessing, o => o.TidyWhitespace, (o, v) => o with { TidyWhitespace = v }, "Collapse repeated spaces, remove spaces before punctuation and add one after it."),
        Bool(nameof(O.CodeMode), PostProcessing, o => o.CodeMode, (o, v) => o with { CodeMode = v }, "Turn spoken symbols into code (open paren -> \"(\"); turns sentence capitalisation off."),
        Bool(nameof(O.AppendTrailingSpace), PostProcessing, o => o.AppendTrailingSpace, (o, v) => o with { AppendTrailingSpace = v }, "End each text delivered to clipboard, type or a running-text file with a space so consecutive dictations do not run together."),

        // Recordings helper's block: long files and subtitles.
        Number(nameof(O.MaxFileAudioSeconds), General, o => o.MaxFileAudioSeconds, (o, v) => o with { MaxFileAudioSeconds = v }, 0, 1_000_000, "Longest audio file transcribe accepts, in seconds; 0 for no limit (files stream through in bounded memory whatever their length)."),
        Int(nameof(O.SubtitleMaxLineChars), Output, o => o.SubtitleMaxLineChars, (o, v) => o with { SubtitleMaxLineChars = v }, 10, 200, "Subtitles (srt, vtt): longest line of a cue, in characters (a longer single word stands alone)."),
        Int(nameof(O.SubtitleMaxLines), Output, o => o.SubtitleMaxLines, (o, v) => o with { SubtitleMaxLines = v }, 1, 10, "Subtitles: most lines per cue."),
        Number(nameof(O.SubtitleMaxCueSeconds), Output, o => o.SubtitleMaxCueSeconds, (o, v) => o with { SubtitleMaxCueSeconds = v }, 1, 60, "Subtitles: longest time one cue stays on screen, in seconds."),
        Int(nameof(O.SubtitleMaxWords), Output, o => o.SubtitleMaxWords, (o, v) => o with { SubtitleMaxWords = v }, 0, 100, "Subtitles: most words per cue; 1 gives word-level cues (one per word, at the engine's word times: Whisper with word_timestamps, PocketSphinx always), 0 for no limit."),

        // ---- server (voiceflow serve) ----
        Text(nameof(O.ServerUrls), Server, o => o.ServerUrls, (o, v) => o with { ServerUrls = v! }, "Address the server listens on; anything but loopback requires api_key.", nullable: false, u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps), "an http:// URL such as http://127.0.0.1:8765 (https:// with server_certificate)"),
        Text(nameof(O.ApiKey), Server, o => o.ApiKey, (o, v) => o with { ApiKey = v }, "Bearer key every /v1 and /metrics request must carry; null for none (loopback only).", nullable: true, k => k.Length is >= 8 and <= 256, "8 to 256 characters"),
        Int(nameof(O.ServerMaxUploadBytes), Server, o => o.ServerMaxUploadBytes, (o, v) => o with { ServerMaxUploadBytes = v }, 1_024, 1_073_741_824, "Largest audio upload accepted, in bytes (bigger requests get 413)."),
        Int(nameof(O.ServerMaxAudioSeconds), Server, o => o.ServerMaxAudioSeconds, (o, v) => o with { ServerMaxAudioSeconds = v }, 1, 14_400, "Longest audio the server transcribes per request or stream utterance, in seconds (longer gets 400)."),
        Text(nameof(O.ServerWyoming), Server, o => o.ServerWyoming, (o, v) => o with { ServerWyoming = v }, "tcp://HOST:PORT where the server also speaks the Wyoming protocol for Home Assistant; null for off. Loopback only unless server_wyoming_allow_remote.", nullable: true, u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == "tcp" && uri.Port is >= 0 and < 65536 && uri.AbsolutePath == "/", "a tcp:// address with a port such as tcp://127.0.0.1:10300"),
        Bool(nameof(O.ServerWyomingAllowRemote), Server, o => o.ServerWyomingAllowRemote, (o, v) => o with { ServerWyomingAllowRemote = v }, "Let server_wyoming listen beyond loopback. Wyoming has no authentication: anyone who can reach the port can transcribe."),
        Text(nameof(O.ServerCertificate), Server, o => o.ServerCertificate, (o, v) => o with { ServerCertificate = v }, "TLS certificate for an https:// server_urls: a PEM file (with server_certificate_key) or a PKCS#12 (.pfx) file without a password.", nullable: true, p => p.Length > 0, "a file path"),
        Text(nameof(O.ServerCertificateKey), Server, o => o.ServerCertificateKey, (o, v) => o with { ServerCertificateKey = v }, "The PEM private key file of server_certificate; null when the certificate file holds its key.", nullable: true, p => p.Length > 0, "a file path"),
    ];

    private static readonly FrozenDictionary<string, OptionDescriptor> s_byKey = All.ToFrozenDictionary(d => d.Key, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, OptionDescriptor> s_byEnvironmentVariable =
        All.ToFrozenDictionary(d => d.EnvironmentVariable, StringComparer.Ordinal);

    /// <summary>The option with this exact snake_case key, or null.</summary>
    public static OptionDescriptor? Find(string key) => s_byKey.GetValueOrDefault(key);

    /// <summary>The option whose environment variable is exactly <paramref name="variable"/>, or null.</summary>
    public static OptionDescriptor? FindByEnvironmentVariable(string variable) => s_byEnvironmentVariable.GetValueOrDefault(variable);

    /// <summary>The option for <paramref name="key"/> or throws: unknown key, naming the source and the closest known key.</summary>
    internal static OptionDescriptor Require(string key, ConfigValueOrigin source) =>
        Find(key) ?? throw new ConfigurationException(
            $"{source.Describe()}: unknown key '{key}'{ClosestMatch.Hint(key, s_byKey.Keys)}; see 'voiceflow config show' for the known keys");

    private static bool IsAlignmentHeads(string spec) =>
        spec is "auto" or "top-half" or "tiny.en" or "tiny" or "base.en" or "base" or "small.en" or "small" or "medium.en" or "medium"
            or "large-v1" or "large-v2" or "large-v3" or "large-v3-turbo"
        || System.Text.RegularExpressions.Regex.IsMatch(spec, @"^\d{1,3}:\d{1,3}(,\d{1,3}:\d{1,3})*$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    private static bool IsLanguage(string code) =>
        code == "auto" || (code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower));

    private static BooleanOptionDescriptor Bool(string name, string section, Func<O, bool> get, Func<O, bool, O> set, string description, bool optimization = false) =>
        new(name, section, description, get, set) { IsOptimization = optimization };

    private static IntegerOptionDescriptor Int(string name, string section, Func<O, int> get, Func<O, int, O> set, int min, int max, string description) =>
        new(name, section, description, get, set, min, max);

    private static NumberOptionDescriptor Number(string name, string section, Func<O, double> get, Func<O, double, O> set, double min, double max, string description) =>
        new(name, section, description, get, set, min, max);

    private static TextOptionDescriptor Text(string name, string section, Func<O, string?> get, Func<O, string?, O> set, string description, bool nullable, Func<string, bool>? isValid = null, string? allowed = null) =>
        new(name, section, description, get, set, nullable, isValid, allowed);

    private static ChoiceOptionDescriptor Choice(string name, string section, Func<O, string?> get, Func<O, string?, O> set, string description, bool nullable, params string[] choices) =>
        new(name, section, description, get, set, nullable, choices);
}
