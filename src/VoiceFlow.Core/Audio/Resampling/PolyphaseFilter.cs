using System.Collections.Concurrent;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// The coefficient table of a Kaiser-windowed sinc low-pass, split into phases.
/// Output sample n sits at input position t = n·M/L (L/M = outputRate/inputRate reduced); it is the dot
/// product of the <see cref="TapsPerPhase"/> input samples around t with the row for t's fractional part.
/// When L is small enough every fractional position gets an exact row; otherwise the table holds
/// <see cref="MaxPhases"/>+1 rows and the output is linearly interpolated between the two nearest.
/// </summary>
internal sealed class PolyphaseFilter
{
    /// <summary>Attenuation the design aims for in the stopband.</summary>
    internal const double StopbandAttenuationDb = 80;

    /// <summary>Passband ends at this fraction of the lower Nyquist rate's sample rate...</summary>
    internal const double PassbandEdge = 0.45;

    /// <summary>...and the stopband starts at the lower rate's Nyquist frequency, so nothing above it can alias.</summary>
    internal const double StopbandEdge = 0.5;

    /// <summary>Above this many exact phases the table switches to interpolated phases (covers every common rate pair exactly).</summary>
    internal const int MaxPhases = 1024;

    /// <summary>Rate pairs kept designed: a program meets few, and a 44.1 kHz table takes a noticeable time to compute.</summary>
    private const int MaxCachedDesigns = 32;

    private static readonly ConcurrentDictionary<(int Input, int Output), PolyphaseFilter> Designs = new();

    private readonly float[] _coefficients;

    private PolyphaseFilter(int tapsPerPhase, int rows, bool interpolated, float[] coefficients)
    {
        TapsPerPhase = tapsPerPhase;
        Rows = rows;
        Interpolated = interpolated;
        _coefficients = coefficients;
    }

    /// <summary>Input samples per output sample (even; half of them lie on each side of t).</summary>
    internal int TapsPerPhase { get; }

    /// <summary>Number of rows in the table (the phase count, plus one when interpolated).</summary>
    internal int Rows { get; }

    /// <summary>Whether rows are interpolated (L &gt; <see cref="MaxPhases"/>).</summary>
    internal bool Interpolated { get; }

    /// <summary>Coefficients of row <paramref name="row"/>, ordered like the input samples they multiply.</summary>
    internal ReadOnlySpan<float> Row(int row) => _coefficients.AsSpan(row * TapsPerPhase, TapsPerPhase);

    /// <summary>The (immutable, shared) filter for a rate pair, designed on first use.</summary>
    internal static PolyphaseFilter For(int inputRate, int outputRate, long upFactor)
    {
        if (Designs.TryGetValue((inputRate, outputRate), out var filter)) return filter;
        filter = Design(inputRate, outputRate, upFactor);
        if (Designs.Count < MaxCachedDesigns) Designs.TryAdd((inputRate, outputRate), filter);
        return filter;
    }

    internal static PolyphaseFilter Design(int inputRate, int outputRate, long upFactor)
    {
        double lowerRate = Math.Min(inputRate, outputRate);
        double cutoff = (PassbandEdge + StopbandEdge) / 2 * lowerRate / inputRate; // cycles per input sample
        double transition = (StopbandEdge - PassbandEdge) * lowerRate / inputRate;
        int taps = (int)Math.Ceiling(KaiserWindow.LengthFor(StopbandAttenuationDb, transition));
        taps += taps % 2;
        double beta = KaiserWindow.BetaFor(StopbandAttenuationDb);
        double besselI0OfBeta = KaiserWindow.BesselI0(beta);

        bool interpolated = upFactor > MaxPhases;
        int phases = interpolated ? MaxPhases : (int)upFactor;
        int rows = interpolated ? phases + 1 : phases;
        var coefficients = new float[checked(rows * taps)];
        var row = new double[taps];
        int half = taps / 2;
        for (int p = 0; p < rows; p++)
        {
            double fraction = p / (double)phases;
            double sum = 0;
            for (int j = 0; j < taps; j++)
            {
                // Distance from output position t to the input sample this tap multiplies.
                double x = fraction + half - 1 - j;
                row[j] = 2 * cutoff * Sinc(2 * cutoff * x) * KaiserWindow.Value(x / half, beta, besselI0OfBeta);
                sum += row[j];
            }
            // Normalising each row to unit DC gain removes the small per-phase gain ripple of a truncated sinc.
            for (int j = 0; j < taps; j++)
                coefficients[(p * taps) + j] = (float)(row[j] / sum);
        }
        return new PolyphaseFilter(taps, rows, interpolated, coefficients);
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
}
