namespace VoiceFlow.Core.Audio;

/// <summary>One-shot sample-rate conversion of a whole signal (see <see cref="StreamingResampler"/> for the filter).</summary>
public static class Resampler
{
    /// <summary>
    /// Resamples <paramref name="input"/> from <paramref name="inputRate"/> to <paramref name="outputRate"/> Hz.
    /// The result has ceil(n·out/in) samples; equal rates return a copy.
    /// </summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate)
    {
        var resampler = new StreamingResampler(inputRate, outputRate);
        var output = new float[checked((int)resampler.OutputLengthFor(input.Length))];
        int written = resampler.Process(input, output);
        written += resampler.Flush(output.AsSpan(written));
        return written == output.Length
            ? output
            : throw new InvalidOperationException($"Resampler wrote {written} samples, expected {output.Length}.");
    }
}
