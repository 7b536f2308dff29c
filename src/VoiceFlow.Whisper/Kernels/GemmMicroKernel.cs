using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// The inner 6×16 tile of the packed matrix product: C[6][16] (+)= Apanel[kc][6] · Bpanel[kc][16].
/// AVX2 keeps the 12 accumulators in registers; the fallbacks use the same packed layout.
/// </summary>
internal static unsafe class GemmMicroKernel
{
    public const int MR = 6;
    public const int NR = 16;

    /// <summary>Full tile, writes straight to C.</summary>
    public static void Avx2Tile(float* a, float* b, int kc, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += MR;
            b += NR;
        }

        Store(c, c00, c01, accumulate);
        Store(c + ldc, c10, c11, accumulate);
        Store(c + (2 * ldc), c20, c21, accumulate);
        Store(c + (3 * ldc), c30, c31, accumulate);
        Store(c + (4 * ldc), c40, c41, accumulate);
        Store(c + (5 * ldc), c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Avx.LoadVector256(c);
            v1 += Avx.LoadVector256(c + 8);
        }

        Avx.Store(c, v0);
        Avx.Store(c + 8, v1);
    }

    /// <summary>128-bit tile into a dense [6][16] buffer (overwrites it).</summary>
    public static void Vector128Tile(float* a, float* b, int kc, float* tile)
    {
        for (int i = 0; i < MR * NR; i += 4)
        {
            Vector128<float>.Zero.Store(tile + i);
        }

        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var b2 = Vector128.Load(b + 8);
            var b3 = Vector128.Load(b + 12);
            for (int r = 0; r < MR; r++)
            {
                var ar = Vector128.Create(a[r]);
                float* t = tile + (r * NR);
                (Vector128.Load(t) + (ar * b0)).Store(t);
                (Vector128.Load(t + 4) + (ar * b1)).Store(t + 4);
                (Vector128.Load(t + 8) + (ar * b2)).Store(t + 8);
                (Vector128.Load(t + 12) + (ar * b3)).Store(t + 12);
            }

            a += MR;
            b += NR;
        }
    }

    /// <summary>Scalar reference tile into a dense [6][16] buffer (overwrites it).</summary>
    public static void ScalarTile(float* a, float* b, int kc, float* tile)
    {
        for (int i = 0; i < MR * NR; i++)
        {
            tile[i] = 0;
        }

        for (int k = 0; k < kc; k++)
        {
            for (int r = 0; r < MR; r++)
            {
                for (int j = 0; j < NR; j++)
                {
                    tile[(r * NR) + j] += a[r] * b[j];
                }
            }

            a += MR;
            b += NR;
        }
    }
}
