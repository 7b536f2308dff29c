using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Extensions.AI;

/// <summary>
/// VoiceFlow as a <c>Microsoft.Extensions.AI</c> <see cref="ISpeechToTextClient"/>, in-process: audio streams (WAV, or
/// anything ffmpeg decodes) go through the same <see cref="TranscriptionService"/> as the CLI and the server, so the
/// same validation, VAD, isolation and performance monitor apply. Nothing leaves the machine.
/// </summary>
/// <remarks>
/// <see cref="GetStreamingTextAsync"/> yields one <c>TextUpdated</c> update per stretch of speech the VAD finds, as soon
/// as that stretch is transcribed (with its start and end time), between <c>SessionOpen</c> and <c>SessionClose</c>.
/// <see cref="SpeechToTextOptions.SpeechLanguage"/> ("en" or "en-US") picks the spoken language; other options are ignored.
/// </remarks>
public sealed class VoiceFlowSpeechToTextClient : ISpeechToTextClient
{
    private readonly TranscriptionService _service;
    private readonly VoiceFlowOptions _options;
    private readonly PostProcessingOptions _postProcessing;
    private readonly SpeechToTextClientMetadata _metadata;

    /// <param name="service">The service over the loaded model; owned by the caller.</param>
    /// <param name="options">The configuration the service was built with (engine options, clean-up); null for defaults.</param>
    public VoiceFlowSpeechToTextClient(TranscriptionService service, VoiceFlowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _options = options ?? new VoiceFlowOptions();
        _postProcessing = PostProcessingOptions.From(_options);
        _metadata = new SpeechToTextClientMetadata("voiceflow", null, service.EngineName);
    }

    /// <inheritdoc />
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var result = await _service.TranscribeStreamAsync(audioSpeechStream, Job(options), cancellationToken).ConfigureAwait(false);
        return new SpeechToTextResponse(result.Text)
        {
            ResponseId = result.JobId.ToString(CultureInfo.InvariantCulture),
            ModelId = result.Engine,
            StartTime = result.Segments.Count > 0 ? result.Segments[0].Start : TimeSpan.Zero,
            EndTime = result.Segments.Count > 0 ? result.Segments[^1].End : result.AudioDuration,
            RawRepresentation = result,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        Stream audioSpeechStream, SpeechToTextOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var job = Job(options);
        string responseId = Guid.NewGuid().ToString("N");
        var audio = await AudioFileLoader.LoadMono16kAsync(audioSpeechStream, job.SourceName, LoadOptions(), cancellationToken).ConfigureAwait(false);
        yield return new SpeechToTextResponseUpdate { Kind = SpeechToTextResponseUpdateKind.SessionOpen, ResponseId = responseId, ModelId = _service.EngineName };

        var regions = _options.VadEnabled ? _service.SpeechDetector.Detect(audio.Samples.Span) : [new SampleRange(0, audio.Samples.Length)];
        foreach (var region in regions)
        {
            var offset = AudioFormat.DurationOf((int)region.Start);
            var result = await _service.TranscribeAsync(audio.Samples.Slice((int)region.Start, (int)region.Length), job, cancellationToken).ConfigureAwait(false);
            if (result.Text.Length == 0)
            {
                continue;
            }

            yield return new SpeechToTextResponseUpdate(result.Text)
            {
                Kind = SpeechToTextResponseUpdateKind.TextUpdated,
                ResponseId = responseId,
                ModelId = result.Engine,
                StartTime = offset + (result.Segments.Count > 0 ? result.Segments[0].Start : TimeSpan.Zero),
                EndTime = offset + (result.Segments.Count > 0 ? result.Segments[^1].End : result.AudioDuration),
                RawRepresentation = result,
            };
        }

        yield return new SpeechToTextResponseUpdate { Kind = SpeechToTextResponseUpdateKind.SessionClose, ResponseId = responseId, ModelId = _service.EngineName };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(SpeechToTextClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(_service) ? _service
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: the service belongs to the caller.</summary>
    public void Dispose()
    {
    }

    private TranscriptionJobOptions Job(SpeechToTextOptions? options)
    {
        var engine = _options.ToTranscriptionOptions();
        if (LanguageOf(options?.SpeechLanguage) is { } language)
        {
            engine = engine with { Language = language };
        }

        return new TranscriptionJobOptions { Engine = engine, PostProcessing = _postProcessing, SourceName = "speech" };
    }

    private AudioLoadOptions LoadOptions() => AudioLoadOptions.Default with
    {
        MaxDuration = AudioFormat.DurationOf(_options.MaxAudioBufferSize) + TimeSpan.FromSeconds(1),
    };

    /// <summary>"en-US" → "en"; null or empty → null (the configured language).</summary>
    [return: NotNullIfNotNull(nameof(tag))]
    private static string? LanguageOf(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        int dash = tag.IndexOfAny(['-', '_']);
        return (dash > 0 ? tag[..dash] : tag).ToLowerInvariant();
    }
}
