using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Transcripts;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Api;

/// <summary><c>GET /v1/stats</c> and <c>GET /health</c>: the performance monitor and the server's load, as JSON.</summary>
internal static class StatsEndpoint
{
    public static StatsJson Stats(ServerContext server)
    {
        var summary = server.Monitor.GetSummary();
        return new StatsJson(
            new StatsSummaryJson(
                Math.Round(summary.AverageSpeedFactor, 3),
                Math.Round(summary.AverageProcessingTimeMs, 3),
                Math.Round(summary.OptimizationImprovementPercentage, 3),
                summary.TotalTranscriptions,
                summary.OptimizationsActive,
                StageMilliseconds(summary.AverageStageMilliseconds)),
            [.. server.Monitor.GetHistory().Select(r => new StatsRecordJson(
                r.Timestamp, Math.Round(r.AudioSeconds, 3), Math.Round(r.ProcessingSeconds, 4), Math.Round(r.SpeedFactor, 3), r.Engine, StageMilliseconds(r.Stages)))]);
    }

    public static HealthJson Health(ServerContext server) => new(
        server.Shutdown.IsStopping ? "stopping" : "ok",
        server.Service.EngineName,
        server.Service.ModelName,
        server.Service.Access.Running,
        server.Service.Access.Waiting,
        server.Uploads.Active,
        server.Streams.Active);

    /// <summary>The measured stages by name ("decode", "vad", "recognise", ...), in milliseconds.</summary>
    private static Dictionary<string, double> StageMilliseconds(StageTimings stages)
    {
        var named = new Dictionary<string, double>();
        foreach (var stage in StageTimings.Stages)
        {
            if (stages.IsMeasured(stage))
            {
                named[TranscriptResultMapping.NameOf(stage)] = Math.Round(stages[stage], 3);
            }
        }

        return named;
    }
}
