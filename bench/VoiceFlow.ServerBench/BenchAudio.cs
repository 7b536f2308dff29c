using VoiceFlow.Core.Audio;
using VoiceFlow.Evaluation.Corpus;

namespace VoiceFlow.ServerBench;

/// <summary>Speech for the runs: corpus sentences (flite-made, with reference text) and WAV bytes built from them.</summary>
internal static class BenchAudio
{
    /// <summary>Clean corpus sentences with distinct texts.</summary>
    public static IReadOnlyList<CorpusItem> Sentences() =>
        [.. SpeechCorpus.EnsureBuilt().OfKind(CorpusItemKind.Clean).DistinctBy(i => i.ReferenceText)];

    /// <summary>Sentences joined with 0.3 s gaps and cut to exactly <paramref name="seconds"/>, as 16 kHz PCM16 WAV bytes.</summary>
    public static byte[] SpeechWav(double seconds)
    {
        int length = (int)(seconds * AudioFormat.RecognizerSampleRate);
        var samples = new List<float>(length);
        foreach (var item in Sentences())
        {
            samples.AddRange(item.LoadSamples());
            samples.AddRange(new float[AudioFormat.RecognizerSampleRate * 3 / 10]);
            if (samples.Count >= length)
            {
                break;
            }
        }

        return Wav([.. samples.Take(length)]);
    }

    public static byte[] Wav(ReadOnlySpan<float> samples)
    {
        using var wav = new MemoryStream();
        WavWriter.Write(wav, samples, AudioFormat.RecognizerSampleRate);
        return wav.ToArray();
    }
}
