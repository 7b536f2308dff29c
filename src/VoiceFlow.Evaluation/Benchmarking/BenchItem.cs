namespace VoiceFlow.Evaluation.Benchmarking;

/// <summary>One utterance of a benchmark or quality corpus: its samples and what is said.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Samples">Mono 16 kHz samples (never modified by a run).</param>
/// <param name="ReferenceText">What is said, for WER.</param>
public sealed record BenchItem(string Id, float[] Samples, string ReferenceText)
{
    /// <summary>Length of the audio in seconds.</summary>
    public double DurationSeconds => Samples.Length / (double)VoiceFlow.Core.Audio.AudioFormat.RecognizerSampleRate;
}
