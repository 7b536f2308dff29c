namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Attention for one head over a block of query rows, flash-attention style: the keys are taken
/// <see cref="KeyBlock"/> at a time, their scores (rows × 64 floats) are turned into probabilities by an
/// online softmax (<see cref="OnlineSoftmax"/>) and multiplied into a rows × head-width accumulator
/// rescaled per row as the max grows; each row is divided by its sum once at the end. The score row
/// never exists whole, so everything a key block touches (the query block, one block of scores, the
/// accumulator, 16 keys and 16 value rows per panel) stays in L1/L2, and both products run in
/// <see cref="AttentionTile"/>'s 6×16 register tiles. Keys and values come packed in 16-column
/// panels (<see cref="PackedGemm.PackB"/>): Kᵀ as B(d, j), V as B(j, d).
/// </summary>
internal static unsafe class FlashAttention
{
    /// <summary>Query rows per block (and per work item): 12 register tiles share each key and value panel.</summary>
    public const int QueryRows = 72;

    /// <summary>Keys per online-softmax step; a multiple of the tile width.</summary>
    public const int KeyBlock = 128;

    private const int NR = AttentionTile.NR;
    private const int MR = AttentionTile.MR;

    /// <summary>Floats of scratch one thread needs for <see cref="Block"/>.</summary>
    public static long ScratchSize(int headDim) => ((long)QueryRows * (KeyBlock + PaddedWidth(headDim))) + (3L * QueryRows);

    /// <summary>
    /// <c>output[r][0, hd) = softmax(scale · q[r] · Kᵀ) · V</c> for query rows [0, <paramref name="rows"/>),
    /// keys [0, <paramref name="ctx"/>); q and output row-major with strides <paramref name="ldq"/> and
    /// <paramref name="ldo"/>.
    /// </summary>
    public static void Block(float* q, int ldq, int rows, int hd, float* packedK, float* packedV, int ctx, float scale, float* output, int ldo, float* scratch)
    {
        if (rows <= 0 || rows > QueryRows || hd <= 0 || ctx <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"attention block of {rows} rows, head width {hd}, {ctx} keys: need 1..{QueryRows} rows and at least one key and column");
        }

        int width = PaddedWidth(hd);
        float* s = scratch;
        float* o = s + (QueryRows * KeyBlock);
        float* m = o + (QueryRows * width);
        float* l = m + QueryRows;
        float* alpha = l + QueryRows;
        new Span<float>(m, rows).Fill(float.NegativeInfinity);
        new Span<float>(l, rows).Clear();
        new Span<float>(o, rows * width).Clear();
        for (int j0 = 0; j0 < ctx; j0 += KeyBlock)
        {
            int keys = Math.Min(KeyBlock, ctx - j0);

            // Scores: the key panels past ctx are zero-padded, their columns are never read.
            for (int p = 0; p < (keys + NR - 1) / NR; p++)
            {
                float* kp = packedK + ((long)((j0 / NR) + p) * NR * hd);
                for (int r0 = 0; r0 < rows; r0 += MR)
                {
                    AttentionTile.Run(q + ((long)r0 * ldq), ldq, Math.Min(MR, rows - r0), kp, hd, s + (r0 * KeyBlock) + (p * NR), KeyBlock, null);
                }
            }

            for (int r = 0; r < rows; r++)
            {
                alpha[r] = OnlineSoftmax.Step(s + (r * KeyBlock), keys, scale, ref m[r], ref l[r]);
            }

            for (int p = 0; p < width / NR; p++)
            {
                float* vp = packedV + ((long)p * NR * ctx) + ((long)j0 * NR);
                for (int r0 = 0; r0 < rows; r0 += MR)
                {
                    AttentionTile.Run(s + (r0 * KeyBlock), KeyBlock, Math.Min(MR, rows - r0), vp, keys, o + (r0 * width) + (p * NR), width, alpha + r0);
                }
            }
        }

        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(new ReadOnlySpan<float>(o + (r * width), hd), 1f / l[r], new Span<float>(output + ((long)r * ldo), hd));
        }
    }

    /// <summary>Floats of one head's packed keys (<see cref="PackKeys"/>).</summary>
    public static long PackedKeysSize(int ctx, int hd) => PackedGemm.PackedBSize(ctx, hd);

    /// <summary>Floats of one head's packed values (<see cref="PackValues"/>).</summary>
    public static long PackedValuesSize(int ctx, int hd) => PackedGemm.PackedBSize(hd, ctx);

    /// <summary>Packs Kᵀ of one head, B(d, j) = k[j·ldk + d], for <see cref="Block"/>.</summary>
    public static void PackKeys(float* k, int ldk, int ctx, int hd, float* packed)
    {
        for (int p = 0; p < PackedGemm.PanelCount(ctx); p++)
        {
            PackedGemm.PackB(k, ldk, 1, ctx, hd, p, packed);
        }
    }

    /// <summary>Packs V of one head, B(j, d) = v[j·ldv + d], for <see cref="Block"/>.</summary>
    public static void PackValues(float* v, int ldv, int ctx, int hd, float* packed)
    {
        for (int p = 0; p < PackedGemm.PanelCount(hd); p++)
        {
            PackedGemm.PackB(v, 1, ldv, hd, ctx, p, packed);
        }
    }

    private static int PaddedWidth(int hd) => PackedGemm.PanelCount(hd) * NR;
}
