using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Mel;

/// <summary>
/// whisper.cpp's log-mel front end: 200 reflected samples before the audio, 30 s (+200) of zeros
/// after it, periodic Hann window of 400, hop 160, power spectrum, filter bank summed in double,
/// <c>log10(max(x, 1e-10))</c>, clamp to <c>max − 8</c>, then <c>(x + 4) / 4</c>.
/// </summary>
public sealed class LogMelSpectrogram
{
    /// <summary>Samples per second.</summary>
    public const int SampleRate = 16000;

    /// <summary>Hop between frames (10 ms).</summary>
    public const int Hop = 160;

    private const int Pad = RealFft400.N / 2;
    private const int ZeroPad = 30 * SampleRate;

    private static readonly float[] Hann = BuildHann();
    private readonly float[] _filters;
    private readonly int _nMel;
    private readonly int[] _firstBin;
    private readonly int[] _endBin;

    /// <summary>Creates the front end for a filter bank <c>[nMel][201]</c>.</summary>
    public LogMelSpectrogram(float[] filters, int nMel)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Length != nMel * RealFft400.Bins)
        {
            throw new ArgumentException($"filter bank has {filters.Length} values, expected {nMel} x {RealFft400.Bins}", nameof(filters));
        }

        _filters = filters;
        _nMel = nMel;
        // The triangular filters are zero outside a few bins: sum only their non-zero span (exact).
        _firstBin = new int[nMel];
        _endBin = new int[nMel];
        for (int m = 0; m < nMel; m++)
        {
            var f = filters.AsSpan(m * RealFft400.Bins, RealFft400.Bins);
            int first = f.IndexOfAnyExcept(0f);
            _firstBin[m] = first < 0 ? 0 : first;
            _endBin[m] = first < 0 ? 0 : f.LastIndexOfAnyExcept(0f) + 1;
        }
    }

    /// <summary>Computes the spectrogram of <paramref name="samples"/> (16 kHz mono) on up to <paramref name="threads"/> threads.</summary>
    public MelSpectrogram Compute(ReadOnlySpan<float> samples, int threads)
    {
        int n = samples.Length;
        int nLen = (n + ZeroPad) / Hop;
        int content = Math.Max(0, 1 + ((n + Pad - RealFft400.N) / Hop));
        var data = new float[_nMel * nLen];
        // Frames past here see only zeros: their value is log10(1e-10) (whisper.cpp skips the FFT too).
        int computed = Math.Min(((n + Pad) / Hop) + 1, nLen);
        var job = new FrameJob(this, samples.ToArray(), data, nLen, computed, Math.Max(1, threads));
        WorkerPool.Shared.Run(job, job.Parts, threads);

        double max = double.NegativeInfinity;
        foreach (float v in data)
        {
            max = Math.Max(max, v);
        }

        double floor = max - 8.0;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)((Math.Max(data[i], floor) + 4.0) / 4.0);
        }

        return new MelSpectrogram(data, _nMel, nLen) { ContentFrames = content };
    }

    private void ComputeFrames(float[] samples, float[] data, int nLen, int from, int to)
    {
        Span<float> frame = stackalloc float[RealFft400.N];
        Span<float> power = stackalloc float[RealFft400.Bins];
        Span<double> scratch = stackalloc double[RealFft400.ScratchSize];
        int n = samples.Length;
        int limit = n + Pad; // whisper.cpp zero-fills from here
        for (int i = from; i < to; i++)
        {
            int offset = i * Hop;
            for (int j = 0; j < RealFft400.N; j++)
            {
                int p = offset + j;
                float s = 0;
                if (p < limit)
                {
                    int src = p < Pad ? Pad - p : p - Pad;
                    s = (uint)src < (uint)n ? samples[src] : 0f;
                }

                frame[j] = Hann[j] * s;
            }

            RealFft400.Power(frame, power, scratch);
            for (int m = 0; m < _nMel; m++)
            {
                var f = _filters.AsSpan(m * RealFft400.Bins, RealFft400.Bins);
                double sum = 0;
                for (int k = _firstBin[m]; k < _endBin[m]; k++)
                {
                    sum += power[k] * f[k];
                }

                data[(m * nLen) + i] = (float)Math.Log10(Math.Max(sum, 1e-10));
            }
        }
    }

    private static float[] BuildHann()
    {
        var w = new float[RealFft400.N];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)(0.5 * (1.0 - Math.Cos(2.0 * Math.PI * i / RealFft400.N)));
        }

        return w;
    }

    private sealed class FrameJob(LogMelSpectrogram owner, float[] samples, float[] data, int nLen, int computed, int parts) : IParallelWork
    {
        public int Parts { get; } = parts;

        public void Execute(int index)
        {
            int per = (computed + Parts - 1) / Parts;
            int from = index * per;
            int to = Math.Min(computed, from + per);
            if (from < to)
            {
                owner.ComputeFrames(samples, data, nLen, from, to);
            }

            float silent = (float)Math.Log10(1e-10);
            int zFrom = computed + (index * ((nLen - computed + Parts - 1) / Parts));
            int zTo = Math.Min(nLen, zFrom + ((nLen - computed + Parts - 1) / Parts));
            for (int m = 0; m < owner._nMel && zFrom < zTo; m++)
            {
                data.AsSpan((m * nLen) + zFrom, zTo - zFrom).Fill(silent);
            }
        }
    }
}
