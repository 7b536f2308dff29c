namespace VoiceFlow.Server.Api;

/// <summary><c>response_format=json</c>: OpenAI's <c>{"text": ...}</c>.</summary>
internal sealed record TranscriptionJson(string Text);

/// <summary><c>response_format=verbose_json</c>: OpenAI's shape; <c>words</c> only when word timestamps were asked for.</summary>
internal sealed record VerboseTranscriptionJson(
    string Task,
    string Language,
    double Duration,
    string Text,
    IReadOnlyList<VerboseSegmentJson> Segments,
    IReadOnlyList<VerboseWordJson>? Words)
{
    /// <summary>Probability of the detected <c>language</c> (not in OpenAI's shape); omitted when the language was given.</summary>
    public double? LanguageProbability { get; init; }
}

/// <summary>One segment as OpenAI writes it (fields the engines do not produce are 0, tokens empty when unknown).</summary>
internal sealed record VerboseSegmentJson(
    int Id,
    int Seek,
    double Start,
    double End,
    string Text,
    IReadOnlyList<int> Tokens,
    double Temperature,
    double AvgLogprob,
    double CompressionRatio,
    double NoSpeechProb);

internal sealed record VerboseWordJson(string Word, double Start, double End);

/// <summary><c>GET /v1/models</c>.</summary>
internal sealed record ModelListJson(string Object, IReadOnlyList<ModelJson> Data);

internal sealed record ModelJson(string Id, string Object, long Created, string OwnedBy, string Engine, string Model);

/// <summary><c>GET /health</c>.</summary>
internal sealed record HealthJson(string Status, string Engine, string Model, int RunningJobs, int QueuedJobs, int ActiveRequests, int ActiveStreams);

/// <summary><c>GET /v1/stats</c>: the monitor's summary and its recent records (the page charts <c>recent</c>).</summary>
internal sealed record StatsJson(StatsSummaryJson Summary, IReadOnlyList<StatsRecordJson> Recent);

internal sealed record StatsSummaryJson(
    double AverageSpeedFactor,
    double AverageProcessingTimeMs,
    double OptimizationImprovementPercentage,
    int TotalTranscriptions,
    bool OptimizationsActive,
    IReadOnlyDictionary<string, double> AverageStageMs);

internal sealed record StatsRecordJson(
    DateTimeOffset Time,
    double AudioSeconds,
    double ProcessingSeconds,
    double SpeedFactor,
    string Engine,
    IReadOnlyDictionary<string, double> Stages);

/// <summary>A WebSocket event: <c>partial</c>, <c>final</c>, <c>stats</c>, <c>error</c> or <c>done</c> (unused fields omitted).</summary>
internal sealed record StreamEventJson(string Type)
{
    public string? Text { get; init; }

    public double? Start { get; init; }

    public double? End { get; init; }

    public double? ProcessingMs { get; init; }

    public string? Message { get; init; }

    public double? AudioSeconds { get; init; }

    public double? SpeedFactor { get; init; }

    /// <summary><c>final</c>: the utterance's language (the detected one when the stream asked for auto).</summary>
    public string? Language { get; init; }

    /// <summary><c>final</c>: probability of the detected language; omitted when the language was given.</summary>
    public double? LanguageProbability { get; init; }
}

/// <summary>A text frame from the client: <c>{"type":"stop"}</c>.</summary>
internal sealed record StreamControlJson(string? Type);

/// <summary><c>stream=true</c>: <c>{"type":"transcript.text.delta","delta":...}</c>.</summary>
internal sealed record TranscriptTextDeltaJson(string Type, string Delta);

/// <summary><c>stream=true</c>: <c>{"type":"transcript.text.done","text":...,"usage":{"type":"duration","seconds":...}}</c>.</summary>
internal sealed record TranscriptTextDoneJson(string Type, string Text, TranscriptUsageJson Usage);

/// <summary>Usage billed by audio duration: whole seconds, rounded up, as OpenAI reports it (its SDKs read an integer).</summary>
internal sealed record TranscriptUsageJson(string Type, long Seconds);

/// <summary>An error after a stream of events began: <c>{"type":"error","error":{...}}</c>.</summary>
internal sealed record StreamedErrorJson(string Type, ErrorBody Error);
