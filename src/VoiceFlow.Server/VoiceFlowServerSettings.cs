using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Server;

/// <summary>What a <see cref="VoiceFlowServer"/> serves and how.</summary>
public sealed record VoiceFlowServerSettings
{
    /// <summary>
    /// The effective configuration: <c>server_urls</c>, <c>api_key</c>, the upload and duration limits,
    /// <c>max_concurrent_transcription_jobs</c> / <c>max_queued_transcription_jobs</c>, and everything the
    /// transcription service reads (VAD, post-processing, decoding).
    /// </summary>
    public required VoiceFlowOptions Options { get; init; }

    /// <summary>The loaded model; owned by the caller and disposed after the server.</summary>
    public required ISpeechEngineFactory Engine { get; init; }

    /// <summary>Where every transcription is stored; null for none.</summary>
    public IHistoryStore? History { get; init; }

    /// <summary>How long a stop waits for in-flight requests and streams before cutting them off.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Logs (requests that failed, history errors); null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The voice activity detector of uploads and streams (vad_detector, built by the host); null for the energy detector.</summary>
    public ISpeechDetector? SpeechDetector { get; init; }
}
