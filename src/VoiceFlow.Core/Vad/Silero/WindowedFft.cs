using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// Magnitudes of the DFT of a windowed 256-sample frame, bins 0..128: what Silero's STFT convolution computes when its
/// basis is a windowed DFT, with a radix-2 FFT (about 4 000 operations per frame instead of 66 000). Double precision
/// inside, so it is at least as exact as the float convolution it replaces. <see cref="MagnitudesOfFrames"/> runs four
/// frames at once, one per lane of a vector of doubles, with exactly the scalar path's operations (no fused
/// multiply-add), so each frame's result is bit-identical to <see cref="Magnitudes"/> (tests check).
/// One instance per stream (scratch inside).
/// </summary>
internal sealed class WindowedFft
{
    private const int Size = SileroModel.FftSize;
    private const int Levels = 8;

    private static readonly int[] s_bitReversed = BitReversal();
    private static readonly double[] s_cos = Twiddles(Math.Cos);
    private static readonly double[] s_sin = Twiddles(Math.Sin);

    private const int Lanes = 4;

    private readonly double[] _re = new double[Size];
    private readonly double[] _im = new double[Size];
    private readonly Vector256<double>[] _reLanes = new Vector256<double>[Size];
    private readonly Vector256<double>[] _imLanes = new Vector256<double>[Size];

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

    /// <summary>The scalar path's FFT with frame j in lane j of every value.</summary>
    private void FourFrames(ReadOnlySpan<float> frames, ReadOnlySpan<float> window, Span<float> magnitudes)
    {
        var re = _reLanes.AsSpan();
        var im = _imLanes.AsSpan();
        for (int n = 0; n < Size; n++)
        {
            double w = window[n];
            re[s_bitReversed[n]] = Vector256.Create(frames[n] * w, frames[Size + n] * w, frames[(2 * Size) + n] * w, frames[(3 * Size) + n] * w);
        }

        im.Clear();
        // The butterflies index by reference: this loop is most of the FFT's cost and its indices are in range by
        // construction (a < b < Size), so the span bounds checks are pure overhead here.
        ref var re0 = ref MemoryMarshal.GetReference(re);
        ref var im0 = ref MemoryMarshal.GetReference(im);
        ref double cos0 = ref MemoryMarshal.GetArrayDataReference(s_cos);
        ref double sin0 = ref MemoryMarshal.GetArrayDataReference(s_sin);
        for (int half = 1, step = Size / 2; half < Size; half *= 2, step /= 2)
        {
            for (int k = 0; k < half; k++)
            {
                var wr = Vector256.Create(Unsafe.Add(ref cos0, k * step));
                var wi = Vector256.Create(-Unsafe.Add(ref sin0, k * step));
                for (int a = k; a < Size; a += 2 * half)
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

        for (int k = 0; k < SileroModel.Bins; k++)
        {
            var magnitude = Vector256.Sqrt((re[k] * re[k]) + (im[k] * im[k]));
            for (int lane = 0; lane < Lanes; lane++)
            {
                magnitudes[(lane * SileroModel.Bins) + k] = (float)magnitude.GetElement(lane);
            }
        }
    }

    /// <summary>Writes |DFT(window·frame)| for bins 0..128 into <paramref name="magnitudes"/>.</summary>
    public void Magnitudes(ReadOnlySpan<float> frame, ReadOnlySpan<float> window, Span<float> magnitudes)
    {
        var re = _re.AsSpan();
        var im = _im.AsSpan();
        for (int n = 0; n < Size; n++)
        {
            re[s_bitReversed[n]] = frame[n] * (double)window[n];
        }

        im.Clear();
        for (int half = 1, step = Size / 2; half < Size; half *= 2, step /= 2)
        {
            for (int start = 0; start < Size; start += 2 * half)
            {
                for (int k = 0; k < half; k++)
                {
                    double wr = s_cos[k * step], wi = -s_sin[k * step];
                    int a = start + k, b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }

        for (int k = 0; k < SileroModel.Bins; k++)
        {
            magnitudes[k] = (float)Math.Sqrt(re[k] * re[k] + im[k] * im[k]);
        }
    }

    private static int[] BitReversal()
    {
        var table = new int[Size];
        for (int i = 0; i < Size; i++)
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
        var table = new double[Size / 2];
        for (int k = 0; k < table.Length; k++)
        {
            table[k] = function(2 * Math.PI * k / Size);
        }

        return table;
    }
}
