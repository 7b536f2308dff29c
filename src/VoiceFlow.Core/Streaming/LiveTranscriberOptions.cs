using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Streaming;

/// <summary>Settings of <see cref="LiveTranscriber"/>. <see cref="From"/> reads them from the effective configuration.</summary>
public sealed record LiveTranscriberOptions
{
    /// <summary>
    /// A partial hypothesis is decoded each time the utterance in progress has grown by this much audio
    /// (default 0.6 s); <see cref="TimeSpan.Zero"/> turns partials off.
    /// </summary>
    public TimeSpan PartialInterval { get; init; } = TimeSpan.FromSeconds(0.6);

    /// <summary>Speech running longer than this without a pause is cut (at its quietest moment near the end) into several finals.</summary>
    public TimeSpan MaxUtterance { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A pause at least this long ends an utterance (configuration: vad_min_silence_ms).</summary>
    public TimeSpan EndOfUtteranceSilence { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Audio kept before the detected start and after the detected end of speech (configuration: vad_speech_pad_ms).</summary>
    public TimeSpan SpeechPadding { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The speech detector's sensitivity in vad_threshold's terms (0..1: Silero's speech probability, the energy
    /// detector's start threshold in tens of dB); null for the detector's defaults. The detector itself is the service's
    /// (<see cref="Transcription.TranscriptionService.SpeechDetector"/>); its minimum silence is always <see cref="EndOfUtteranceSilence"/>.
    /// </summary>
    public double? DetectorThreshold { get; init; }

    /// <summary>
    /// Also report where utterances start and end (<see cref="LiveUtteranceBoundary"/> events) and the utterances whose
    /// final has no text, for protocols that announce every turn (the OpenAI Realtime API). Off by default.
    /// </summary>
    public bool ReportUtteranceBoundaries { get; init; }

    /// <summary>Drop texts engines invent on silence and noise from partials too (finals follow the service's hallucination_filter).</summary>
    public bool FilterHallucinations { get; init; } = true;

    /// <summary>
    /// Decode each utterance while it is spoken, with an engine that streams (PocketSphinx; configuration:
    /// decode_while_recording), so its final only waits for the end of the search, not for a decode of all of it.
    /// Without a stream (Whisper, no decoder free) the utterance is decoded whole at its end, as when this is off.
    /// </summary>
    public bool DecodeDuringSpeech { get; init; } = true;

    /// <summary>
    /// With <see cref="DecodeDuringSpeech"/>: when an utterance ends with its stream more than half of it behind (audio
    /// sent faster than the stream decodes it), stop the stream and decode the utterance whole, which is then faster.
    /// False always finishes the stream, so which path an utterance takes does not depend on the machine's load.
    /// </summary>
    public bool DecodeWholeWhenBehind { get; init; } = true;

    /// <summary>
    /// Decoding during speech: a pause this long inside an utterance (shorter than <see cref="EndOfUtteranceSilence"/>)
    /// ends a phrase, finished while the speaker goes on, so the final only finishes the last phrase (configuration:
    /// listen_phrase_pause_ms); zero: no phrases. An engine without streams (Whisper) decodes each utterance whole at its
    /// end, as an utterance is itself cut at a pause.
    /// </summary>
    public TimeSpan PhrasePause { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Engine options, post-processing and source name of every final's transcription job.</summary>
    public TranscriptionJobOptions Job { get; init; } = new() { SourceName = "live" };

    /// <summary>
    /// The settings the configuration asks for: listen_partial_interval_seconds, listen_max_utterance_seconds,
    /// vad_min_silence_ms, vad_speech_pad_ms, decode_while_recording, listen_phrase_pause_ms, and the engine and post-processing options.
    /// </summary>
    /// <exception cref="ConfigurationException">listen_max_utterance_seconds exceeds max_audio_buffer_size.</exception>
    public static LiveTranscriberOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var maxAudio = AudioFormat.DurationOf(options.MaxAudioBufferSize);
        if (TimeSpan.FromSeconds(options.ListenMaxUtteranceSeconds) > maxAudio)
        {
            throw new ConfigurationException(
                $"listen_max_utterance_seconds = {options.ListenMaxUtteranceSeconds} is longer than max_audio_buffer_size allows ({maxAudio.TotalSeconds} s)");
        }

        return new LiveTranscriberOptions
        {
            PartialInterval = TimeSpan.FromSeconds(options.ListenPartialIntervalSeconds),
            MaxUtterance = TimeSpan.FromSeconds(options.ListenMaxUtteranceSeconds),
            EndOfUtteranceSilence = TimeSpan.FromMilliseconds(options.VadMinSilenceMs),
            SpeechPadding = TimeSpan.FromMilliseconds(options.VadSpeechPadMs),
            FilterHallucinations = options.HallucinationFilter,
            DecodeDuringSpeech = options.DecodeWhileRecording,
            PhrasePause = TimeSpan.FromMilliseconds(options.ListenPhrasePauseMs),
            Job = new TranscriptionJobOptions
            {
                Engine = options.ToTranscriptionOptions(),
                PostProcessing = PostProcessingOptions.From(options),
                SourceName = "live",
            },
        };
    }

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        Check(PartialInterval == TimeSpan.Zero || (PartialInterval >= TimeSpan.FromSeconds(0.1) && PartialInterval <= TimeSpan.FromSeconds(30)),
            "partial interval", PartialInterval, "0 (off) or 0.1..30 s");
        Check(MaxUtterance >= TimeSpan.FromSeconds(1) && MaxUtterance <= TimeSpan.FromMinutes(10), "max utterance", MaxUtterance, "1..600 s");
        Check(EndOfUtteranceSilence >= TimeSpan.FromMilliseconds(100) && EndOfUtteranceSilence <= TimeSpan.FromSeconds(10),
            "end-of-utterance silence", EndOfUtteranceSilence, "0.1..10 s");
        Check(SpeechPadding >= TimeSpan.Zero && SpeechPadding <= TimeSpan.FromSeconds(2), "speech padding", SpeechPadding, "0..2 s");
        ArgumentNullException.ThrowIfNull(Job);
    }

    private static void Check(bool ok, string name, TimeSpan value, string allowed)
    {
        if (!ok)
        {
            throw new ConfigurationException($"live transcription: {name} = {value.TotalSeconds} s is out of range (allowed: {allowed})");
        }
    }
}
