using System.Runtime.CompilerServices;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Single-threaded, cache-blocked product <c>C[M][N] = A[M][K] · B</c> where B is pre-packed into
/// column panels of 16 (<see cref="PackB"/>): for each K block of 256 the A rows are packed into
/// panels of 6 (L2-resident), and each 16 KB B sub-panel is reused across them from L1.
/// Callers parallelise over row blocks and over heads.
/// </summary>
internal static unsafe class PackedGemm
{
    public const int MR = GemmMicroKernel.MR;
    public const int NR = GemmMicroKernel.NR;
    public const int KC = 256;
    public const int MC = 72;

    /// <summary>Floats needed for the packed B of an N×K matrix.</summary>
    public static long PackedBSize(int n, int k) => (long)PanelCount(n) * NR * k;

    /// <summary>Floats of A scratch one thread needs.</summary>
    public const int AScratchSize = MC * KC;

    public static int PanelCount(int n) => (n + NR - 1) / NR;

    /// <summary>Packs one 16-column panel of B(k, n) = src[n * strideN + k * strideK] (zero past N).</summary>
    public static void PackB(float* src, long strideN, long strideK, int n, int k, int panel, float* packed)
    {
        float* dst = packed + ((long)panel * NR * k);
        int n0 = panel * NR;
        int cols = Math.Min(NR, n - n0);
        if (strideK == 1)
        {
            for (int j = 0; j < NR; j++)
            {
                float* s = src + ((n0 + j) * strideN);
                if (j < cols)
                {
                    for (int kk = 0; kk < k; kk++)
                    {
                        dst[(kk * NR) + j] = s[kk];
                    }
                }
                else
                {
                    for (int kk = 0; kk < k; kk++)
                    {
                        dst[(kk * NR) + j] = 0;
                    }
                }
            }

            return;
        }

        for (int kk = 0; kk < k; kk++)
        {
            float* s = src + (kk * strideK) + (n0 * strideN);
            float* d = dst + (kk * NR);
            int j = 0;
            if (strideN == 1)
            {
                new ReadOnlySpan<float>(s, cols).CopyTo(new Span<float>(d, cols));
                j = cols;
            }

            for (; j < cols; j++)
            {
                d[j] = s[j * strideN];
            }

            for (; j < NR; j++)
            {
                d[j] = 0;
            }
        }
    }

    /// <summary>Computes rows [0, m) of C = A · packedB; <paramref name="aScratch"/> holds <see cref="AScratchSize"/> floats.</summary>
    public static void Multiply(float* a, int lda, int m, int k, float* packedB, int n, float* c, int ldc, float* aScratch)
    {
        int panels = PanelCount(n);
        float* tile = stackalloc float[MR * NR];
        for (int m0 = 0; m0 < m; m0 += MC)
        {
            int mc = Math.Min(MC, m - m0);
            int aPanels = (mc + MR - 1) / MR;
            for (int k0 = 0; k0 < k; k0 += KC)
            {
                int kc = Math.Min(KC, k - k0);
                PackA(a + ((long)m0 * lda) + k0, lda, mc, kc, aScratch);
                bool accumulate = k0 > 0;
                for (int p = 0; p < panels; p++)
                {
                    float* bp = packedB + ((long)p * NR * k) + ((long)k0 * NR);
                    int cols = Math.Min(NR, n - (p * NR));
                    for (int ap = 0; ap < aPanels; ap++)
                    {
                        int rows = Math.Min(MR, mc - (ap * MR));
                        float* cp = c + ((long)(m0 + (ap * MR)) * ldc) + (p * NR);
                        Tile(aScratch + (ap * MR * kc), bp, kc, cp, ldc, rows, cols, accumulate, tile);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(float* a, float* b, int kc, float* c, int ldc, int rows, int cols, bool accumulate, float* tile)
    {
        if (SimdSupport.UseAvx2 && rows == MR && cols == NR)
        {
            GemmMicroKernel.Avx2Tile(a, b, kc, c, ldc, accumulate);
            return;
        }

        if (SimdSupport.UseAvx2)
        {
            // Edge tile: compute the full tile into the scratch, copy the valid part.
            GemmMicroKernel.Avx2Tile(a, b, kc, tile, NR, accumulate: false);
        }
        else if (SimdSupport.UseVector128)
        {
            GemmMicroKernel.Vector128Tile(a, b, kc, tile);
        }
        else
        {
            GemmMicroKernel.ScalarTile(a, b, kc, tile);
        }

        for (int r = 0; r < rows; r++)
        {
            float* cr = c + ((long)r * ldc);
            float* tr = tile + (r * NR);
            for (int j = 0; j < cols; j++)
            {
                cr[j] = accumulate ? cr[j] + tr[j] : tr[j];
            }
        }
    }

    private static void PackA(float* a, int lda, int mc, int kc, float* dst)
    {
        for (int p = 0; p < mc; p += MR)
        {
            int rows = Math.Min(MR, mc - p);
            float* d = dst + (p * kc);
            for (int r = 0; r < MR; r++)
            {
                if (r < rows)
                {
                    float* s = a + ((long)(p + r) * lda);
                    for (int kk = 0; kk < kc; kk++)
                    {
                        d[(kk * MR) + r] = s[kk];
                    }
                }
                else
                {
                    for (int kk = 0; kk < kc; kk++)
                    {
                        d[(kk * MR) + r] = 0;
                    }
                }
            }
        }
    }
}
