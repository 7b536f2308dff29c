using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VoiceFlow.Core.Monitoring;

/// <summary>
/// Publishes transcriptions through System.Diagnostics.Metrics under the meter "VoiceFlow", so
/// dotnet-counters, OpenTelemetry or a <see cref="MeterListener"/> can watch a running service.
/// Every measurement carries an "engine" tag; stage durations also carry a "stage" tag.
/// </summary>
public sealed class VoiceFlowMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "VoiceFlow";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _transcriptions;
    private readonly Counter<double> _audioSeconds;
    private readonly Histogram<double> _processingSeconds;
    private readonly Histogram<double> _speedFactor;
    private readonly Histogram<double> _stageMilliseconds;

    /// <param name="meterFactory">The host's factory (dependency injection); null creates and owns a meter.</param>
    public VoiceFlowMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _ownsMeter = meterFactory is null;
        _transcriptions = Meter.CreateCounter<long>("voiceflow.transcriptions", "{transcription}", "Transcriptions completed.");
        _audioSeconds = Meter.CreateCounter<double>("voiceflow.audio.duration", "s", "Seconds of audio transcribed.");
        _processingSeconds = Meter.CreateHistogram<double>("voiceflow.transcription.duration", "s", "Wall time per transcription.");
        _speedFactor = Meter.CreateHistogram<double>("voiceflow.transcription.speed_factor", "{x}", "Audio seconds per processing second.");
        _stageMilliseconds = Meter.CreateHistogram<double>("voiceflow.stage.duration", "ms", "Time per pipeline stage.");
    }

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>Publishes one transcription.</summary>
    public void Publish(TranscriptionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var engine = new KeyValuePair<string, object?>("engine", record.Engine);
        _transcriptions.Add(1, engine);
        _audioSeconds.Add(record.AudioSeconds, engine);
        _processingSeconds.Record(record.ProcessingSeconds, engine);
        _speedFactor.Record(record.SpeedFactor, engine);
        foreach (var stage in StageTimings.Stages)
        {
            if (record.Stages.IsMeasured(stage))
            {
                var tags = new TagList { engine, { "stage", StageTagOf(stage) } };
                _stageMilliseconds.Record(record.Stages[stage], tags);
            }
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    /// <summary>The "stage" tag value: lower-case stage name.</summary>
    public static string StageTagOf(PipelineStage stage) => stage switch
    {
        PipelineStage.Decode => "decode",
        PipelineStage.Validate => "validate",
        PipelineStage.Resample => "resample",
        PipelineStage.Vad => "vad",
        PipelineStage.Recognise => "recognise",
        PipelineStage.Postprocess => "postprocess",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown stage."),
    };
}
