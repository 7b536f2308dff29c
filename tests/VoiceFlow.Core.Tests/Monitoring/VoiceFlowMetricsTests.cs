using System.Diagnostics.Metrics;
using VoiceFlow.Core.Monitoring;

namespace VoiceFlow.Core.Tests.Monitoring;

public class VoiceFlowMetricsTests
{
    [Fact]
    public void Each_record_fires_every_instrument_with_its_values_and_tags()
    {
        using var metrics = new VoiceFlowMetrics();
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: other tests create meters with the same name in parallel.
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, ToDictionary(tags))));
        listener.Start();

        var monitor = new PerformanceMonitor(metrics);
        var stages = default(StageTimings);
        stages.Add(PipelineStage.Decode, 12.5);
        stages.Add(PipelineStage.Recognise, 400);
        monitor.Record(audioSeconds: 4, processingSeconds: 0.5, stages, ActiveOptimizations.None, "whisper", "base.en");

        Assert.Equal(1, Single(measurements, "voiceflow.transcriptions").Value);
        Assert.Equal(4, Single(measurements, "voiceflow.audio.duration").Value);
        Assert.Equal(0.5, Single(measurements, "voiceflow.transcription.duration").Value);
        Assert.Equal(8, Single(measurements, "voiceflow.transcription.speed_factor").Value);
        var stageValues = measurements.Where(m => m.Instrument == "voiceflow.stage.duration")
            .ToDictionary(m => (string)m.Tags["stage"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, double> { ["decode"] = 12.5, ["recognise"] = 400 }, stageValues);
        Assert.All(measurements, m => Assert.Equal("whisper", m.Tags["engine"]));
    }

    [Fact]
    public void Instruments_are_published_under_the_voiceflow_meter()
    {
        using var metrics = new VoiceFlowMetrics();
        var names = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                names.Add(instrument.Name);
            }
        };
        listener.Start();

        Assert.Equal("VoiceFlow", metrics.Meter.Name);
        Assert.Equal(
            ["voiceflow.audio.duration", "voiceflow.stage.duration", "voiceflow.transcription.duration", "voiceflow.transcription.speed_factor", "voiceflow.transcriptions"],
            names.Order());
    }

    private static (string Instrument, double Value, Dictionary<string, object?> Tags) Single(
        List<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements, string instrument) =>
        Assert.Single(measurements, m => m.Instrument == instrument);

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }

        return dictionary;
    }
}
