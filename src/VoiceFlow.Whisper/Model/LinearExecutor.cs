using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Applies <see cref="LinearLayer"/>s with owned, reusable scratch (packed weights, prepared
/// activations) and reusable parallel jobs, so steady-state calls allocate nothing. One instance
/// serves one thread of control (an encoder call or a decoder state) at a time.
/// </summary>
internal sealed unsafe class LinearExecutor : IDisposable
{
    private readonly AlignedBuffer _packed = new();
    private readonly AlignedBuffer _prepared = new();
    private readonly AlignedBuffer _scaled = new();
    private readonly AlignedBuffer _quants = new();
    private readonly AlignedBuffer _scales = new();
    private readonly AlignedBuffer _sums = new();
    private readonly PackJob _pack = new();
    private readonly RowsJob _rows = new();
    private readonly StreamJob _stream = new();

    /// <summary>
    /// <c>y[m][Out] = prep(x)[m][In] · Wᵀ + b</c>, optionally followed by GELU. With
    /// <paramref name="overwriteInput"/> the activations are prepared in place (saves a copy; the
    /// preparation is idempotent, so several layers of one type may read the same input).
    /// </summary>
    public void Forward(LinearLayer layer, float* x, int m, int ldx, float* y, int ldy, bool gelu, int threads, bool overwriteInput = false)
    {
        if (m <= LinearLayer.StreamingMaxRows)
        {
            _stream.Count = 0;
            _stream.Add(layer, y);
            Stream(x, m, ldx, ldy, threads);
            if (gelu)
            {
                for (int t = 0; t < m; t++)
                {
                    Gelu.Apply(y + ((long)t * ldy), layer.Out);
                }
            }

            return;
        }

        ForwardPacked(layer, Pack(layer, threads), x, m, ldx, y, ldy, gelu, threads, overwriteInput);
    }

    /// <summary>Packs <paramref name="layer"/>'s weights for <see cref="ForwardPacked"/> (valid until the next pack).</summary>
    public float* Pack(LinearLayer layer, int threads)
    {
        float* packed = _packed.Ensure(PackedGemm.PackedBSize(layer.Out, layer.In));
        _pack.Layer = layer;
        _pack.Packed = packed;
        WorkerPool.Shared.Run(_pack, PackedGemm.PanelCount(layer.Out), threads);
        return packed;
    }

    /// <summary>
    /// <see cref="Forward"/>'s row-block product with weights already packed by <see cref="Pack"/>, whatever the number
    /// of rows: each block of <see cref="PackedGemm.MC"/> rows gives the same bits as in one call over more rows.
    /// </summary>
    public void ForwardPacked(LinearLayer layer, float* packed, float* x, int m, int ldx, float* y, int ldy, bool gelu, int threads, bool overwriteInput)
    {
        float* a = x;
        int lda = ldx;
        if (layer.Type != Ggml.GgmlType.F32 && !overwriteInput)
        {
            a = _prepared.Ensure((long)m * layer.In);
            lda = layer.In;
        }

        // Each row block prepares (rounds or quantizes) its own rows on the thread that multiplies them: the preparation
        // is per row, so the same numbers as preparing all rows first, without a single-threaded pass before the loop.
        Multiply(a, lda, m, layer.In, packed, layer.Out, y, ldy, layer.HasBias ? layer.Bias : null, gelu, threads, layer.Type != Ggml.GgmlType.F32 ? layer : null, x, ldx);
    }

    /// <summary>
    /// The products of one input by three layers of the same shape and type (a block's query, key and value): with few
    /// rows the activations are prepared once and the rows of all three are one parallel loop, one hand-off to the
    /// worker threads instead of three. The same numbers as three <see cref="Forward"/> calls.
    /// </summary>
    public void ForwardSameInput(LinearLayer a, float* ya, LinearLayer b, float* yb, LinearLayer c, float* yc, float* x, int m, int ldx, int ldy, int threads)
    {
        if (m > LinearLayer.StreamingMaxRows || a.Type != b.Type || a.Type != c.Type || a.In != b.In || a.In != c.In)
        {
            Forward(a, x, m, ldx, ya, ldy, gelu: false, threads);
            Forward(b, x, m, ldx, yb, ldy, gelu: false, threads);
            Forward(c, x, m, ldx, yc, ldy, gelu: false, threads);
            return;
        }

        _stream.Count = 0;
        _stream.Add(a, ya);
        _stream.Add(b, yb);
        _stream.Add(c, yc);
        Stream(x, m, ldx, ldy, threads);
    }

    /// <summary>
    /// Row-parallel C = A · packedB (+ bias, GELU) over blocks of <see cref="PackedGemm.MC"/> rows; with
    /// <paramref name="prepare"/>, each block first writes its rows of A as that layer's prepared activations of
    /// <paramref name="x"/> (A may be x itself).
    /// </summary>
    public void Multiply(float* a, int lda, int m, int k, float* packedB, int n, float* c, int ldc, float* bias, bool gelu, int threads, LinearLayer? prepare = null, float* x = null, int ldx = 0)
    {
        _rows.Prepare = prepare;
        _rows.X = x;
        _rows.Ldx = ldx;
        _rows.A = a;
        _rows.Lda = lda;
        _rows.M = m;
        _rows.K = k;
        _rows.PackedB = packedB;
        _rows.N = n;
        _rows.C = c;
        _rows.Ldc = ldc;
        _rows.Bias = bias;
        _rows.Gelu = gelu;
        WorkerPool.Shared.Run(_rows, (m + PackedGemm.MC - 1) / PackedGemm.MC, threads);
    }

    /// <summary>Runs the layers queued in <c>_stream</c> (all of one input size and type) over x's rows.</summary>
    private void Stream(float* x, int m, int ldx, int ldy, int threads)
    {
        var layer = _stream.First;
        int k = layer.In;
        float* values = _prepared.Ensure((long)m * k);
        sbyte* quants = null;
        float* scales = null;
        float* sums = null;
        if (layer.UsesQ8)
        {
            quants = (sbyte*)_quants.Ensure(((long)m * k / 4) + 1);
            scales = _scales.Ensure((long)m * k / 32);
            sums = layer.UsesQ8Sums ? _sums.Ensure((long)m * k / 32) : null;
            for (int t = 0; t < m; t++)
            {
                QuantizeQ8.Quantize(x + ((long)t * ldx), k, quants + ((long)t * k), scales + ((long)t * k / 32), sums == null ? null : sums + ((long)t * k / 32));
            }
        }
        else
        {
            layer.PrepareActivations(x, m, ldx, values, k);
        }

        // f16 weights: the activations pre-scaled once, so every weight widens without a multiply (ScaledWidening).
        float* scaled = null;
        if (layer.Type == Ggml.GgmlType.F16 && SimdSupport.UseAvx2)
        {
            scaled = _scaled.Ensure((long)m * k);
            if (!ScaledWidening.PreScale(values, scaled, (long)m * k))
            {
                scaled = null;
            }
        }

        _stream.X = new StreamingActivations(values, quants, scales, sums);
        _stream.Scaled = scaled;
        _stream.Tokens = m;
        _stream.Ldy = ldy;
        WorkerPool.Shared.Run(_stream, _stream.Chunks, threads);
    }

    /// <summary>Returns the packed weights of the largest layer so far (the MLP's, ≈ 2.4 MB for tiny); the next product packs again.</summary>
    public void ReleasePacking() => _packed.Release();

    public void Dispose()
    {
        _packed.Dispose();
        _prepared.Dispose();
        _scaled.Dispose();
        _quants.Dispose();
        _scales.Dispose();
        _sums.Dispose();
    }

    private sealed class PackJob : IParallelWork
    {
        public LinearLayer Layer { get; set; } = null!;

        public float* Packed { get; set; }

        public void Execute(int index) => Layer.PackPanel(index, Packed, ThreadScratch.B(Layer.In));
    }

    private sealed class RowsJob : IParallelWork
    {
        public float* A { get; set; }

        public int Lda { get; set; }

        public int M { get; set; }

        public int K { get; set; }

        public float* PackedB { get; set; }

        public int N { get; set; }

        public float* C { get; set; }

        public int Ldc { get; set; }

        public float* Bias { get; set; }

        public bool Gelu { get; set; }

        public LinearLayer? Prepare { get; set; }

        public float* X { get; set; }

        public int Ldx { get; set; }

        public void Execute(int index)
        {
            int m0 = index * PackedGemm.MC;
            int rows = Math.Min(PackedGemm.MC, M - m0);
            float* c = C + ((long)m0 * Ldc);
            Prepare?.PrepareActivations(X + ((long)m0 * Ldx), rows, Ldx, A + ((long)m0 * Lda), Lda);
            PackedGemm.Multiply(A + ((long)m0 * Lda), Lda, rows, K, PackedB, N, c, Ldc, ThreadScratch.A(PackedGemm.AScratchSize));
            for (int r = 0; r < rows; r++)
            {
                var row = new Span<float>(c + ((long)r * Ldc), N);
                if (Bias != null)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(row, new ReadOnlySpan<float>(Bias, N), row);
                }

                if (Gelu)
                {
                    Kernels.Gelu.Apply(c + ((long)r * Ldc), N);
                }
            }
        }
    }

    /// <summary>Rows of up to three layers in chunks of <see cref="RowsPerChunk"/>, one work item per chunk.</summary>
    private sealed class StreamJob : IParallelWork
    {
        public const int RowsPerChunk = 64;

        private readonly LinearLayer[] _layers = new LinearLayer[3];
        private readonly nint[] _outputs = new nint[3];
        private readonly int[] _firstChunk = new int[4];

        public int Count { get; set; }

        public LinearLayer First => _layers[0];

        public int Chunks => _firstChunk[Count];

        public StreamingActivations X { get; set; }

        /// <summary>The f16-layer activations times 2^112 (<see cref="ScaledWidening.PreScale"/>, same layout), else null.</summary>
        public float* Scaled { get; set; }

        public int Tokens { get; set; }

        public int Ldy { get; set; }

        public void Add(LinearLayer layer, float* y)
        {
            _layers[Count] = layer;
            _outputs[Count] = (nint)y;
            _firstChunk[Count + 1] = _firstChunk[Count] + ((layer.Out + RowsPerChunk - 1) / RowsPerChunk);
            Count++;
        }

        public void Execute(int index)
        {
            int l = 0;
            while (index >= _firstChunk[l + 1])
            {
                l++;
            }

            var layer = _layers[l];
            float* y = (float*)_outputs[l];
            int r0 = (index - _firstChunk[l]) * RowsPerChunk;
            int r1 = Math.Min(layer.Out, r0 + RowsPerChunk);
            var x = X;
            float* bias = layer.Bias;
            if (Scaled != null && Tokens == 1)
            {
                // One token: two weight rows per pass (DotF16Matrix).
                float* dots = stackalloc float[RowsPerChunk];
                DotF16Matrix.Avx2Rows((ushort*)layer.Row(r0), layer.RowBytes / sizeof(ushort), r1 - r0, x.Values, Scaled, layer.In, dots);
                for (int r = r0; r < r1; r++)
                {
                    y[r] = bias != null ? dots[r - r0] + bias[r] : dots[r - r0];
                }

                return;
            }

            if (Tokens > 1 && layer.Type == Ggml.GgmlType.F16 && SimdSupport.UseAvx2)
            {
                // Several tokens (a batch of beams): each 8 weights of a row are widened once for up to three of them.
                int k = layer.In;
                float* dots = stackalloc float[LinearLayer.StreamingMaxRows];
                for (int r = r0; r < r1; r++)
                {
                    if (Scaled != null)
                    {
                        DotF16.Avx2DotRowsPreScaled((ushort*)layer.Row(r), x.Values, Scaled, k, Tokens, k, dots);
                    }
                    else
                    {
                        DotF16.Avx2DotRows((ushort*)layer.Row(r), x.Values, k, Tokens, k, dots);
                    }
                    for (int t = 0; t < Tokens; t++)
                    {
                        y[((long)t * Ldy) + r] = bias != null ? dots[t] + bias[r] : dots[t];
                    }
                }

                return;
            }

            for (int r = r0; r < r1; r++)
            {
                for (int t = 0; t < Tokens; t++)
                {
                    float v = layer.DotRow(r, x, t);
                    y[((long)t * Ldy) + r] = bias != null ? v + bias[r] : v;
                }
            }
        }
    }
}
