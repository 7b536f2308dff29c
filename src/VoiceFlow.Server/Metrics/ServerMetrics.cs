using System.Diagnostics.Metrics;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Metrics;

/// <summary>The server's own instruments, on the same "VoiceFlow" meter as the transcription instruments.</summary>
internal sealed class ServerMetrics
{
    private readonly Counter<long> _requests;

    public ServerMetrics(Meter meter, ServerContext context)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _requests = meter.CreateCounter<long>("voiceflow.http.requests", "{request}", "HTTP requests answered, by route and status code.");
        meter.CreateObservableGauge("voiceflow.queue.length", () => context.Service.Access.Waiting, "{job}", "Jobs waiting for a model slot.");
        meter.CreateObservableGauge("voiceflow.jobs.running", () => context.Service.Access.Running, "{job}", "Jobs running on the model.");
        meter.CreateObservableGauge("voiceflow.streams.active", () => context.Streams.Active, "{stream}", "Open WebSocket streams.");
        meter.CreateObservableGauge("voiceflow.uploads.active", () => context.Uploads.Active, "{request}", "Transcription uploads being handled.");
    }

    public void RequestAnswered(string route, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", status));
}
