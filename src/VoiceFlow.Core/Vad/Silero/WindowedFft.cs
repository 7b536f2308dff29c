using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// Magnitudes of the DFT of a windowed 256-sample frame, bins 0..128: what Silero's STFT convolution computes when its
/// basis is a windowed DFT. The frame is real, so it runs as a 128-point complex FFT of its even and odd samples
/// followed by one split pass (about 2 000 operations per frame instead of the convolution's 66 000). Double
/// precision inside, so it is at least as exact as the float convolution it replaces.
/// <see cref="MagnitudesOfFrames"/> runs four frames at once, one per lane of a vector of doubles, with exactly the
/// scalar path's operations (no fused multiply-add), so each frame's result is bit-identical to
/// <see cref="Magnitudes"/> (tests check). One instance per stream (scratch inside).
/// </summary>
internal sealed class WindowedFft
{
    private const int Size = SileroModel.FftSize;
    private const int Half = Size / 2;
    private const int Levels = 7;
    private const int Lanes = 4;

    private static readonly int[] s_bitReversed = BitReversal();
    /// <summary>cos(2πj/256) and sin(2πj/256) for j below 128: the split pass's twiddles; the FFT's are every other.</summary>
    private static readonly double[] s_cos = Twiddles(Math.Cos);
    private static readonly double[] s_sin = Twiddles(Math.Sin);

    private readonly double[] _re = new double[Half];
    private readonly double[] _im = new double[Half];
    private readonly Vector256<double>[] _reLanes = new Vector256<double>[Half];
    private readonly Vector256<double>[] _imLanes = new Vector256<double>[Half];

    /// <summary>
    /// <see cref="Magnitudes"/> of each of <c>frames.Length / 256</c> frames stored back to back, into
    /// <paramref name="magnitudes"/> (129 per frame, back to back).
    /// </summary>
    public void MagnitudesOfFrames(ReadOnlySpan<float> frames, ReadOnlySpan<float> window, Span<float> magnitudes)
    {
        int count = frames.Length / Size;
        int frame = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; frame + Lanes <= count; frame += Lanes)
            {
                FourFrames(frames.Slice(frame * Size, Lanes * Size), window, magnitudes.Slice(frame * SileroModel.Bins, Lanes * SileroModel.Bins));
            }
        }

        for (; frame < count; frame++)
        {
            Magnitudes(frames.Slice(frame * Size, Size), window, magnitudes.Slice(frame * SileroModel.Bins, SileroModel.Bins));
        }
    }

    /// <summary>Writes |DFT(window·frame)| for bins 0..128 into <paramref name="magnitudes"/> (the scalar reference).</summary>
    public void Magnitudes(ReadOnlySpan<float> frame, ReadOnlySpan<float> window, Span<float> magnitudes)
    {
        // z[m] = x[2m] + i·x[2m+1], in bit-reversed order for the in-place FFT.
        var re = _re.AsSpan();
        var im = _im.AsSpan();
        for (int m = 0; m < Half; m++)
        {
            int slot = s_bitReversed[m];
            re[slot] = frame[2 * m] * (double)window[2 * m];
            im[slot] = frame[(2 * m) + 1] * (double)window[(2 * m) + 1];
        }

        for (int half = 1, step = Half; half < Half; half *= 2, step /= 2)
        {
            for (int k = 0; k < half; k++)
            {
                double wr = s_cos[k * step], wi = -s_sin[k * step];
                for (int a = k; a < Half; a += 2 * half)
                {
                    int b = a + half;
                    double tr = (re[b] * wr) - (im[b] * wi);
                    double ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }

        // Split: X[k] = E[k] + W^k·O[k], E = (Z[k] + conj Z[128-k]) / 2, O = (Z[k] - conj Z[128-k]) / 2i.
        magnitudes[0] = (float)Math.Abs(re[0] + im[0]);
        magnitudes[Half] = (float)Math.Abs(re[0] - im[0]);
        for (int k = 1; k < Half; k++)
        {
            double ar = re[k], ai = im[k], br = re[Half - k], bi = im[Half - k];
            double er = (ar + br) * 0.5, ei = (ai - bi) * 0.5;
            double or = (ai + bi) * 0.5, oi = (br - ar) * 0.5;
            double c = s_cos[k], s = s_sin[k];
            double xr = er + ((c * or) + (s * oi));
            double xi = ei + ((c * oi) - (s * or));
            magnitudes[k] = (float)Math.Sqrt((xr * xr) + (xi * xi));
        }
    }

    /// <summary>The scalar path with frame j in lane j of every value.</summary>
    private void FourFrames(ReadOnlySpan<float> frames, ReadOnlySpan<float> window, Span<float> magnitudes)
    {
        var re = _reLanes.AsSpan();
        var im = _imLanes.AsSpan();
        for (int m = 0; m < Half; m++)
        {
            int slot = s_bitReversed[m];
            double we = window[2 * m], wo = window[(2 * m) + 1];
            re[slot] = Vector256.Create(frames[2 * m] * we, frames[Size + (2 * m)] * we, frames[(2 * Size) + (2 * m)] * we, frames[(3 * Size) + (2 * m)] * we);
            im[slot] = Vector256.Create(frames[(2 * m) + 1] * wo, frames[Size + (2 * m) + 1] * wo, frames[(2 * Size) + (2 * m) + 1] * wo, frames[(3 * Size) + (2 * m) + 1] * wo);
        }

        // The butterflies index by reference: this loop is most of the FFT's cost and its indices are in range by
        // construction (a < b < 128), so the span bounds checks are pure overhead here.
        ref var re0 = ref MemoryMarshal.GetReference(re);
        ref var im0 = ref MemoryMarshal.GetReference(im);
        ref double cos0 = ref MemoryMarshal.GetArrayDataReference(s_cos);
        ref double sin0 = ref MemoryMarshal.GetArrayDataReference(s_sin);
        for (int half = 1, step = Half; half < Half; half *= 2, step /= 2)
        {
            for (int k = 0; k < half; k++)
            {
                var wr = Vector256.Create(Unsafe.Add(ref cos0, k * step));
                var wi = Vector256.Create(-Unsafe.Add(ref sin0, k * step));
                for (int a = k; a < Half; a += 2 * half)
                {
                    ref var reA = ref Unsafe.Add(ref re0, a);
                    ref var imA = ref Unsafe.Add(ref im0, a);
                    ref var reB = ref Unsafe.Add(ref re0, a + half);
                    ref var imB = ref Unsafe.Add(ref im0, a + half);
                    var tr = (reB * wr) - (imB * wi);
                    var ti = (reB * wi) + (imB * wr);
                    reB = reA - tr;
                    imB = imA - ti;
                    reA += tr;
                    imA += ti;
                }
            }
        }

        var first = Vector256.Abs(re[0] + im[0]);
        var last = Vector256.Abs(re[0] - im[0]);
        var halfOf = Vector256.Create(0.5);
        for (int lane = 0; lane < Lanes; lane++)
        {
            magnitudes[lane * SileroModel.Bins] = (float)first.GetElement(lane);
            magnitudes[(lane * SileroModel.Bins) + Half] = (float)last.GetElement(lane);
        }

        for (int k = 1; k < Half; k++)
        {
            Vector256<double> ar = re[k], ai = im[k], br = re[Half - k], bi = im[Half - k];
            var er = (ar + br) * halfOf;
            var ei = (ai - bi) * halfOf;
            var or = (ai + bi) * halfOf;
            var oi = (br - ar) * halfOf;
            var c = Vector256.Create(s_cos[k]);
            var s = Vector256.Create(s_sin[k]);
            var xr = er + ((c * or) + (s * oi));
            var xi = ei + ((c * oi) - (s * or));
            var magnitude = Vector256.Sqrt((xr * xr) + (xi * xi));
            for (int lane = 0; lane < Lanes; lane++)
            {
                magnitudes[(lane * SileroModel.Bins) + k] = (float)magnitude.GetElement(lane);
            }
        }
    }

    private static int[] BitReversal()
    {
        var table = new int[Half];
        for (int i = 0; i < Half; i++)
        {
            int reversed = 0;
            for (int bit = 0; bit < Levels; bit++)
            {
                reversed |= ((i >> bit) & 1) << (Levels - 1 - bit);
            }

            table[i] = reversed;
        }

        return table;
    }

    private static double[] Twiddles(Func<double, double> function)
    {
        var table = new double[Half];
        for (int k = 0; k < table.Length; k++)
        {
            table[k] = function(2 * Math.PI * k / Size);
        }

        return table;
    }
}
