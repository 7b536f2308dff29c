using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Tests;

/// <summary>The drain signal shutdown awaits: set by the last request to finish once stopping began, never before.</summary>
public sealed class RequestAdmissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drained_completes_when_the_last_admitted_request_exits_after_stopping_began()
    {
        var shutdown = new ShutdownSignal();
        var admission = new RequestAdmission(capacity: 2, shutdown);
        Assert.Equal(AdmissionResult.Admitted, admission.TryEnter());
        Assert.Equal(AdmissionResult.Admitted, admission.TryEnter());
        Assert.Equal(AdmissionResult.Busy, admission.TryEnter());

        admission.Exit();
        Assert.False(admission.Drained.IsCompleted); // idle is not drained while the server runs
        Assert.Equal(AdmissionResult.Admitted, admission.TryEnter());

        shutdown.Begin();
        Assert.Equal(AdmissionResult.ShuttingDown, admission.TryEnter());
        admission.Exit();
        Assert.False(admission.Drained.IsCompleted);
        admission.Exit();
        await admission.Drained.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task Stopping_with_nothing_in_flight_is_drained_at_once()
    {
        var shutdown = new ShutdownSignal();
        var admission = new RequestAdmission(capacity: 1, shutdown);
        Assert.False(admission.Drained.IsCompleted);

        shutdown.Begin();
        await admission.Drained.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
