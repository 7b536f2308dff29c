using VoiceFlow.Evaluation.Corpus;

namespace VoiceFlow.PocketSphinx.Tests.Streaming;

/// <summary>Corpus sentences joined by pauses over faint steady noise (a quiet room), with where each sentence lies.</summary>
internal sealed class SpeechStream
{
    public const int SampleRate = 16_000;

    private SpeechStream(float[] samples, IReadOnlyList<(long Start, long End, string Text)> sentences)
    {
        Samples = samples;
        Sentences = sentences;
    }

    public float[] Samples { get; }

    /// <summary>Where each sentence is voiced (stream samples) and what it says.</summary>
    public IReadOnlyList<(long Start, long End, string Text)> Sentences { get; }

    /// <summary><paramref name="lead"/> seconds of room noise, then each item followed by <paramref name="gap"/> seconds of it.</summary>
    public static SpeechStream Build(IReadOnlyList<CorpusItem> items, double lead = 0.8, double gap = 1.2, double? trailing = null)
    {
        var parts = new List<float[]> { new float[(int)(lead * SampleRate)] };
        var sentences = new List<(long, long, string)>();
        long position = parts[0].Length;
        for (int i = 0; i < items.Count; i++)
        {
            float[] speech = items[i].LoadSamples();
            parts.Add(speech);
            // Where the voice is, not the file: flite pads its output with silence.
            bool[] voiced = SpeechReference.LabelFrames(speech, 320);
            long first = Array.IndexOf(voiced, true) * 320L, last = (Array.LastIndexOf(voiced, true) + 1) * 320L;
            sentences.Add((position + first, position + last, items[i].ReferenceText));
            position += speech.Length;
            float[] pause = new float[(int)((i == items.Count - 1 ? trailing ?? gap : gap) * SampleRate)];
            parts.Add(pause);
            position += pause.Length;
        }

        float[] samples = [.. parts.SelectMany(p => p)];
        var room = Noise(samples.Length / (double)SampleRate, 99);
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] += room[i];
        }

        return new SpeechStream(samples, sentences);
    }

    /// <summary>Deterministic white noise near -65 dBFS.</summary>
    public static float[] Noise(double seconds, int seed = 7)
    {
        var random = new Random(seed);
        var noise = new float[(int)(seconds * SampleRate)];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)((random.NextDouble() - 0.5) * 0.002);
        }

        return noise;
    }
}
