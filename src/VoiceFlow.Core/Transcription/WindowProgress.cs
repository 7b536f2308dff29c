namespace VoiceFlow.Core.Transcription;

/// <summary>
/// A window's progress (0 to 1 of its speech) reported as the fraction of the whole file: the window's place in the
/// file plus its own share, over the file's expected length. A file of unknown length reports nothing.
/// </summary>
internal sealed class WindowProgress(IProgress<double> file, long windowStart, long windowLength, TimeSpan? expected) : IProgress<double>
{
    public void Report(double value)
    {
        if (expected is not { } total || total <= TimeSpan.Zero)
        {
            return;
        }

        double done = (windowStart + (value * windowLength)) / (total.TotalSeconds * Audio.AudioFormat.RecognizerSampleRate);
        file.Report(Math.Clamp(done, 0, 1));
    }
}
