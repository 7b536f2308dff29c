using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// The register tile of the encoder's blocked attention: C[rows ≤ 6][16] = A · Bpanel, where A is read
/// in place, row-major with stride <c>lda</c> (queries, or a block of probabilities: both already sit in
/// L1, so packing them would only add a copy), and Bpanel is a packed 16-column panel
/// (<see cref="PackedGemm.PackB"/>). With <c>alpha</c> the tile is an accumulator rescaled per row,
/// <c>C = alpha[r]·C + A·B</c> (online softmax: earlier key blocks were weighted against a smaller max).
/// Every element is one chain of fused multiply-adds over k in order, in every implementation, so the
/// AVX2, 128-bit and scalar tiles give the same bits.
/// </summary>
internal static unsafe class AttentionTile
{
    public const int MR = GemmMicroKernel.MR;
    public const int NR = GemmMicroKernel.NR;

    /// <summary>Picks the implementation; rows past <paramref name="rows"/> are neither read nor written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* a, int lda, int rows, float* b, int kc, float* c, int ldc, float* alpha)
    {
        if (SimdSupport.UseAvx2)
        {
            Avx2(a, lda, rows, b, kc, c, ldc, alpha);
        }
        else if (SimdSupport.UseVector128)
        {
            Vector128Rows(a, lda, rows, b, kc, c, ldc, alpha);
        }
        else
        {
            Scalar(a, lda, rows, b, kc, c, ldc, alpha);
        }
    }

    /// <summary>All 6×16 accumulators in registers; a short tile repeats its last row (computed, not stored).</summary>
    public static void Avx2(float* a, int lda, int rows, float* b, int kc, float* c, int ldc, float* alpha)
    {
        float* a0 = a;
        float* a1 = a + (Math.Min(1, rows - 1) * (long)lda);
        float* a2 = a + (Math.Min(2, rows - 1) * (long)lda);
        float* a3 = a + (Math.Min(3, rows - 1) * (long)lda);
        float* a4 = a + (Math.Min(4, rows - 1) * (long)lda);
        float* a5 = a + (Math.Min(5, rows - 1) * (long)lda);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var v = Vector256.Create(a0[k]);
            c00 = Fma.MultiplyAdd(v, b0, c00);
            c01 = Fma.MultiplyAdd(v, b1, c01);
            v = Vector256.Create(a1[k]);
            c10 = Fma.MultiplyAdd(v, b0, c10);
            c11 = Fma.MultiplyAdd(v, b1, c11);
            v = Vector256.Create(a2[k]);
            c20 = Fma.MultiplyAdd(v, b0, c20);
            c21 = Fma.MultiplyAdd(v, b1, c21);
            v = Vector256.Create(a3[k]);
            c30 = Fma.MultiplyAdd(v, b0, c30);
            c31 = Fma.MultiplyAdd(v, b1, c31);
            v = Vector256.Create(a4[k]);
            c40 = Fma.MultiplyAdd(v, b0, c40);
            c41 = Fma.MultiplyAdd(v, b1, c41);
            v = Vector256.Create(a5[k]);
            c50 = Fma.MultiplyAdd(v, b0, c50);
            c51 = Fma.MultiplyAdd(v, b1, c51);
            b += NR;
        }

        Store(c, c00, c01, alpha);
        if (rows > 1)
        {
            Store(c + ldc, c10, c11, alpha == null ? null : alpha + 1);
        }

        if (rows > 2)
        {
            Store(c + (2 * ldc), c20, c21, alpha == null ? null : alpha + 2);
        }

        if (rows > 3)
        {
            Store(c + (3 * ldc), c30, c31, alpha == null ? null : alpha + 3);
        }

        if (rows > 4)
        {
            Store(c + (4 * ldc), c40, c41, alpha == null ? null : alpha + 4);
        }

        if (rows > 5)
        {
            Store(c + (5 * ldc), c50, c51, alpha == null ? null : alpha + 5);
        }
    }

    /// <summary>One row at a time, its 16 columns in four 128-bit accumulators (the fallback when AVX2 is off).</summary>
    public static void Vector128Rows(float* a, int lda, int rows, float* b, int kc, float* c, int ldc, float* alpha)
    {
        for (int r = 0; r < rows; r++)
        {
            float* ar = a + ((long)r * lda);
            Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
            float* bk = b;
            for (int k = 0; k < kc; k++)
            {
                var v = Vector128.Create(ar[k]);
                s0 = Vector128.FusedMultiplyAdd(v, Vector128.Load(bk), s0);
                s1 = Vector128.FusedMultiplyAdd(v, Vector128.Load(bk + 4), s1);
                s2 = Vector128.FusedMultiplyAdd(v, Vector128.Load(bk + 8), s2);
                s3 = Vector128.FusedMultiplyAdd(v, Vector128.Load(bk + 12), s3);
                bk += NR;
            }

            float* cr = c + ((long)r * ldc);
            if (alpha != null)
            {
                var w = Vector128.Create(alpha[r]);
                s0 = Vector128.FusedMultiplyAdd(Vector128.Load(cr), w, s0);
                s1 = Vector128.FusedMultiplyAdd(Vector128.Load(cr + 4), w, s1);
                s2 = Vector128.FusedMultiplyAdd(Vector128.Load(cr + 8), w, s2);
                s3 = Vector128.FusedMultiplyAdd(Vector128.Load(cr + 12), w, s3);
            }

            // Stores through a vector pointer: crossgen2 will not precompile a call to Vector128.Store.
            *(Vector128<float>*)cr = s0;
            *(Vector128<float>*)(cr + 4) = s1;
            *(Vector128<float>*)(cr + 8) = s2;
            *(Vector128<float>*)(cr + 12) = s3;
        }
    }

    /// <summary>Scalar reference: each element's fused multiply-adds over k in order, then the rescale.</summary>
    public static void Scalar(float* a, int lda, int rows, float* b, int kc, float* c, int ldc, float* alpha)
    {
        for (int r = 0; r < rows; r++)
        {
            float* ar = a + ((long)r * lda);
            float* cr = c + ((long)r * ldc);
            for (int j = 0; j < NR; j++)
            {
                float acc = 0f;
                for (int k = 0; k < kc; k++)
                {
                    acc = MathF.FusedMultiplyAdd(ar[k], b[(k * NR) + j], acc);
                }

                cr[j] = alpha == null ? acc : MathF.FusedMultiplyAdd(cr[j], alpha[r], acc);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1, float* alpha)
    {
        if (alpha != null)
        {
            var w = Vector256.Create(*alpha);
            v0 = Fma.MultiplyAdd(Avx.LoadVector256(c), w, v0);
            v1 = Fma.MultiplyAdd(Avx.LoadVector256(c + 8), w, v1);
        }

        Avx.Store(c, v0);
        Avx.Store(c + 8, v1);
    }
}
