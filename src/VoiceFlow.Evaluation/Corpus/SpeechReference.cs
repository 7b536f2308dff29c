namespace VoiceFlow.Evaluation.Corpus;

/// <summary>
/// Ground truth derived from clean synthesised speech: which frames hold speech, and how loud the speech is.
/// flite writes true digital silence between words, so a threshold relative to the loudest frame separates
/// speech from pauses reliably; the same labels then judge a detector run on the noisy mix.
/// </summary>
public static class SpeechReference
{
    /// <summary>Frames quieter than the loudest one by more than this (in dB) are not speech.</summary>
    public const double DefaultRelativeThresholdDb = -40;

    /// <summary>Labels each whole frame of <paramref name="clean"/> as speech (true) or not.</summary>
    /// <param name="clean">Clean speech samples.</param>
    /// <param name="frameSamples">Frame length in samples (e.g. 320 for 20 ms at 16 kHz).</param>
    /// <param name="relativeThresholdDb">Threshold relative to the loudest frame's energy.</param>
    public static bool[] LabelFrames(ReadOnlySpan<float> clean, int frameSamples, double relativeThresholdDb = DefaultRelativeThresholdDb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameSamples);
        int frames = clean.Length / frameSamples;
        var energies = new double[frames];
        double loudest = 0;
        for (int f = 0; f < frames; f++)
        {
            energies[f] = MeanSquare(clean.Slice(f * frameSamples, frameSamples));
            loudest = Math.Max(loudest, energies[f]);
        }

        double threshold = loudest * Math.Pow(10, relativeThresholdDb / 10);
        var labels = new bool[frames];
        for (int f = 0; f < frames; f++)
        {
            labels[f] = loudest > 0 && energies[f] > threshold;
        }

        return labels;
    }

    /// <summary>RMS over the speech frames only (the "active speech level" SNRs are measured against).</summary>
    public static double ActiveSpeechRms(ReadOnlySpan<float> clean, int frameSamples = 320)
    {
        bool[] labels = LabelFrames(clean, frameSamples);
        double sum = 0;
        int count = 0;
        for (int f = 0; f < labels.Length; f++)
        {
            if (labels[f])
            {
                sum += MeanSquare(clean.Slice(f * frameSamples, frameSamples));
                count++;
            }
        }

        return count == 0 ? 0 : Math.Sqrt(sum / count);
    }

    private static double MeanSquare(ReadOnlySpan<float> frame)
    {
        double sum = 0;
        foreach (float s in frame)
        {
            sum += (double)s * s;
        }

        return frame.IsEmpty ? 0 : sum / frame.Length;
    }
}
