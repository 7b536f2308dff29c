using System.Diagnostics;
using VoiceFlow.Core.Processes;

namespace VoiceFlow.Desktop;

/// <summary>
/// Text offered for exactly one paste (<c>wl-copy --foreground --paste-once</c>): the tool exits when an application
/// has read it, which is how the paste path knows the paste was taken and the user's clipboard may come back.
/// </summary>
internal sealed class PasteOffer : IAsyncDisposable
{
    private readonly Process _process;

    private PasteOffer(Process process) => _process = process;

    /// <summary>Starts offering <paramref name="text"/> through wl-copy at <paramref name="wlCopy"/>.</summary>
    /// <exception cref="Core.Delivery.TextOutputException">wl-copy cannot be started.</exception>
    public static async Task<PasteOffer> StartAsync(string wlCopy, DesktopSession session, string text)
    {
        Process process;
        try
        {
            process = ExternalProcess.Start(
                new ExternalProcessRequest(wlCopy, ["--foreground", "--paste-once"]) { Environment = session.Environment }, redirectInput: true);
        }
        catch (ExternalProcessException exception)
        {
            throw new Core.Delivery.TextOutputException(exception.Message, exception);
        }

        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.WriteAsync(text).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // wl-copy failed at once; WaitTakenAsync then reports the offer as taken, and the paste shows what happened.
        }

        return new PasteOffer(process);
    }

    /// <summary>True once an application read the offer; false when <paramref name="limit"/> passed first.</summary>
    public async Task<bool> WaitTakenAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ExternalProcess.Kill(_process);
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        _process.Dispose();
    }
}
