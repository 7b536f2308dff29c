using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Streaming;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// Moves audio from a capture into a <see cref="LiveTranscriber"/> on a thread of its own (capture reads block), until
/// stopped or the capture ends; then completes the stream so the last utterance is transcribed. One reused block.
/// </summary>
internal static class CapturePump
{
    /// <summary>Starts pumping; the task ends after <see cref="LiveTranscriber.Complete"/>, faulted if the capture failed.</summary>
    /// <param name="capture">Read until it returns 0; disposed when <paramref name="stop"/> fires so a blocked read returns.</param>
    /// <param name="live">Gets every block, then <see cref="LiveTranscriber.Complete"/>.</param>
    /// <param name="blockSamples">Samples per read.</param>
    /// <param name="stop">Ends capture (Ctrl+C).</param>
    public static Task Start(IAudioCapture capture, LiveTranscriber live, int blockSamples, CancellationToken stop) =>
        Task.Factory.StartNew(() => Run(capture, live, blockSamples, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Run(IAudioCapture capture, LiveTranscriber live, int blockSamples, CancellationToken stop)
    {
        var block = new float[blockSamples];
        using var unblock = stop.Register(capture.Dispose);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int read;
                try
                {
                    read = capture.Read(block);
                }
                catch (ObjectDisposedException) when (stop.IsCancellationRequested)
                {
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                live.Feed(block.AsSpan(0, read));
            }
        }
        finally
        {
            live.Complete();
        }
    }
}
