using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.History;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Transcripts;
using VoiceFlow.Core.Vad;
using VoiceFlow.Server;

namespace VoiceFlow.Hosting.Options;

/// <summary>
/// The effective configuration bound once into the records the components take. Every configuration key lands in
/// exactly the records whose components read it; a test sets each key in turn and fails when no record changes
/// (a key nobody reads).
/// </summary>
public sealed record VoiceFlowComponentOptions
{
    /// <summary>Which engine and model to load.</summary>
    public required EngineSelection Engine { get; init; }

    /// <summary>Per-job engine options: language, prompt, threads, decoding search, condition_on_previous_text.</summary>
    public required TranscriptionOptions Decoding { get; init; }

    /// <summary>The transcription service: speech detection, validation, memory, model access, monitoring, filter.</summary>
    public required TranscriptionServiceOptions Transcription { get; init; }

    /// <summary>Which voice activity detector the service and live transcription use (vad_detector, vad_silero_*).</summary>
    public required SpeechDetectorSelection SpeechDetector { get; init; }

    /// <summary>Clean-up of recognised text.</summary>
    public required PostProcessingOptions PostProcessing { get; init; }

    /// <summary>How transcripts are cut into subtitle cues.</summary>
    public required SubtitleOptions Subtitles { get; init; }

    /// <summary>The microphone and sound server.</summary>
    public required CaptureOptions Capture { get; init; }

    /// <summary>Where dictated text goes and how.</summary>
    public required DeliveryOptions Delivery { get; init; }

    /// <summary>Whether transcriptions are stored, with or without audio.</summary>
    public required HistoryOptions History { get; init; }

    /// <summary>The dictation recorder: cap, pre-roll and tail.</summary>
    public required RecordingOptions Recording { get; init; }

    /// <summary>Listen mode's live transcriber (partials, utterance length, end-of-utterance pause, padding).</summary>
    public required LiveTranscriberOptions Listen { get; init; }

    /// <summary>The HTTP server's address, key and limits.</summary>
    public required ServerOptions Server { get; init; }

    /// <summary>Binds <paramref name="options"/> into the component records.</summary>
    /// <exception cref="Core.Errors.ConfigurationException">A combination of values no component accepts.</exception>
    public static VoiceFlowComponentOptions Bind(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var decoding = options.ToTranscriptionOptions();
        var postProcessing = PostProcessingOptions.From(options);
        var listen = LiveTranscriberOptions.From(options);
        return new VoiceFlowComponentOptions
        {
            Engine = EngineSelection.From(options),
            Decoding = decoding,
            Transcription = TranscriptionServiceOptions.From(options),
            SpeechDetector = SpeechDetectorSelection.From(options),
            PostProcessing = postProcessing,
            Subtitles = SubtitleOptions.From(options),
            Capture = CaptureOptions.From(options),
            Delivery = DeliveryOptions.From(options),
            History = HistoryOptions.From(options),
            Recording = RecordingOptions.From(options),
            Listen = listen with { Job = listen.Job with { Engine = decoding, PostProcessing = postProcessing } },
            Server = ServerOptions.From(options),
        };
    }
}
