namespace VoiceFlow.Whisper.Mel;

/// <summary>
/// Power spectrum of a 400-point real frame (bins 0..200) in double precision: the frame is packed
/// into a 200-point complex sequence, transformed as 8 direct 25-point DFTs combined with radix-8
/// twiddles, and split back into the real spectrum. Tables are shared; per-call scratch is the caller's.
/// </summary>
internal static class RealFft400
{
    public const int N = 400;
    public const int Bins = (N / 2) + 1;
    private const int Half = N / 2;     // 200-point complex transform
    private const int Radix = 8;
    private const int Sub = Half / Radix; // 25-point DFTs

    // Direct tables (no modulo in the inner loops): SubCos[k·25 + m] = cos(2π·m·k/25), Tw*[k·8 + r] = e^{-2πi·rk/200}.
    private static readonly double[] SubCos = Grid(Sub, Sub, Sub, Math.Cos);
    private static readonly double[] SubSin = Grid(Sub, Sub, Sub, Math.Sin);
    private static readonly double[] TwCos = Grid(Half, Radix, Half, Math.Cos);
    private static readonly double[] TwSin = Grid(Half, Radix, Half, Math.Sin);
    private static readonly double[] SplitCos = Split(Math.Cos);
    private static readonly double[] SplitSin = Split(Math.Sin);

    /// <summary>Scratch doubles one call needs.</summary>
    public const int ScratchSize = (4 * Half) + (2 * Half);

    /// <summary>Writes |X[k]|² for k = 0..200 of the real frame <paramref name="x"/> (400 values).</summary>
    public static void Power(ReadOnlySpan<float> x, Span<float> power, Span<double> scratch)
    {
        var zr = scratch[..Half];
        var zi = scratch.Slice(Half, Half);
        var yr = scratch.Slice(2 * Half, Half);
        var yi = scratch.Slice(3 * Half, Half);

        // Sub-transforms: Y_r[k] = Σ_m z[8m + r] e^{-2πi mk/25}, z[n] = x[2n] + i x[2n+1].
        Span<double> re = stackalloc double[Sub];
        Span<double> im = stackalloc double[Sub];
        for (int r = 0; r < Radix; r++)
        {
            for (int m = 0; m < Sub; m++)
            {
                int n = (Radix * m) + r;
                re[m] = x[2 * n];
                im[m] = x[(2 * n) + 1];
            }

            for (int k = 0; k < Sub; k++)
            {
                double sr = 0, si = 0;
                var cosRow = SubCos.AsSpan(k * Sub, Sub);
                var sinRow = SubSin.AsSpan(k * Sub, Sub);
                for (int m = 0; m < Sub; m++)
                {
                    double a = re[m], b = im[m];
                    double c = cosRow[m], s = sinRow[m];
                    sr += (a * c) + (b * s);
                    si += (b * c) - (a * s);
                }

                yr[(r * Sub) + k] = sr;
                yi[(r * Sub) + k] = si;
            }
        }

        // Combine: Z[k] = Σ_r e^{-2πi rk/200} Y_r[k mod 25].
        for (int k = 0; k < Half; k++)
        {
            double sr = 0, si = 0;
            int km = k % Sub;
            for (int r = 0; r < Radix; r++)
            {
                double a = yr[(r * Sub) + km], b = yi[(r * Sub) + km];
                double c = TwCos[(k * Radix) + r], s = TwSin[(k * Radix) + r];
                sr += (a * c) + (b * s);
                si += (b * c) - (a * s);
            }

            zr[k] = sr;
            zi[k] = si;
        }

        // Split: X[k] = E[k] + e^{-2πi k/400} O[k].
        for (int k = 0; k <= Half; k++)
        {
            int k1 = k % Half, k2 = (Half - k) % Half;
            double er = 0.5 * (zr[k1] + zr[k2]), ei = 0.5 * (zi[k1] - zi[k2]);
            double or = 0.5 * (zi[k1] + zi[k2]), oi = -0.5 * (zr[k1] - zr[k2]);
            double c = SplitCos[k], s = SplitSin[k];
            double xr = er + (or * c) + (oi * s);
            double xi = ei + (oi * c) - (or * s);
            power[k] = (float)((xr * xr) + (xi * xi));
        }
    }

    private static double[] Grid(int rows, int cols, int period, Func<double, double> f)
    {
        var t = new double[rows * cols];
        for (int k = 0; k < rows; k++)
        {
            for (int m = 0; m < cols; m++)
            {
                t[(k * cols) + m] = f(2 * Math.PI * ((long)k * m % period) / period);
            }
        }

        return t;
    }

    private static double[] Split(Func<double, double> f)
    {
        var t = new double[Half + 1];
        for (int k = 0; k <= Half; k++)
        {
            t[k] = f(2 * Math.PI * k / N);
        }

        return t;
    }
}
