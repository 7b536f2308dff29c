using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Transcription;

/// <summary>
/// Decides what audio an engine gets: nothing when the VAD finds no speech (engines invent text from
/// silence), else the speech in chunks no longer than a maximum, cut at silences, with a little context
/// around each so first and last phonemes are not clipped.
/// </summary>
public static class SpeechChunker
{
    /// <summary>Audio kept before and after detected speech.</summary>
    public static readonly TimeSpan Padding = TimeSpan.FromMilliseconds(250);

    /// <summary>Frame used to find the quietest cut point inside over-long speech.</summary>
    private const int CutFrameSamples = AudioFormat.RecognizerSampleRate / 50;

    /// <summary>
    /// Splits <paramref name="samples"/> into chunks of speech.
    /// </summary>
    /// <param name="samples">Mono 16 kHz audio.</param>
    /// <param name="maxChunk">Longest chunk; null to return one chunk spanning all the audio when there is any speech.</param>
    /// <param name="vad">VAD settings; null for the defaults.</param>
    /// <returns>Sample ranges in order, not overlapping; empty when there is no speech.</returns>
    public static IReadOnlyList<SampleRange> Split(ReadOnlySpan<float> samples, TimeSpan? maxChunk, VadOptions? vad = null)
    {
        var speech = EnergyVad.Detect(samples, vad);
        if (speech.Count == 0)
        {
            return [];
        }

        long length = samples.Length;
        if (maxChunk is null)
        {
            return [new SampleRange(0, length)];
        }

        long max = Math.Max(CutFrameSamples * 10, (long)(maxChunk.Value.TotalSeconds * AudioFormat.RecognizerSampleRate));
        long pad = (long)(Padding.TotalSeconds * AudioFormat.RecognizerSampleRate);
        var chunks = new List<SampleRange>();
        long chunkStart = -1;
        long chunkEnd = -1;
        foreach (var region in speech)
        {
            long start = Math.Max(0, region.Start - pad);
            long end = Math.Min(length, region.End + pad);
            if (chunkStart < 0)
            {
                (chunkStart, chunkEnd) = (start, end);
            }
            else if (end - chunkStart <= max)
            {
                // Close enough to join: keep the pause between them, engines handle pauses well.
                chunkEnd = Math.Max(chunkEnd, end);
            }
            else
            {
                AddCut(samples, chunkStart, chunkEnd, max, chunks);
                (chunkStart, chunkEnd) = (Math.Max(start, chunkEnd), end);
            }
        }

        AddCut(samples, chunkStart, chunkEnd, max, chunks);
        return chunks;
    }

    /// <summary>Adds [start, end), cut at the quietest frames when longer than <paramref name="max"/>.</summary>
    private static void AddCut(ReadOnlySpan<float> samples, long start, long end, long max, List<SampleRange> chunks)
    {
        while (end - start > max)
        {
            long cut = QuietestFrame(samples, start + (max * 6 / 10), start + max);
            chunks.Add(new SampleRange(start, cut));
            start = cut;
        }

        if (end > start)
        {
            chunks.Add(new SampleRange(start, end));
        }
    }

    /// <summary>Start of the lowest-energy frame in [from, to): the best place to cut speech that never pauses long.</summary>
    private static long QuietestFrame(ReadOnlySpan<float> samples, long from, long to)
    {
        long best = to;
        double bestEnergy = double.MaxValue;
        for (long frame = from; frame + CutFrameSamples <= to; frame += CutFrameSamples)
        {
            var span = samples.Slice((int)frame, CutFrameSamples);
            double energy = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(span);
            if (energy < bestEnergy)
            {
                (bestEnergy, best) = (energy, frame);
            }
        }

        return best;
    }
}
