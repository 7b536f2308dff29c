using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// A weight matrix <c>[Out][In]</c> in its compact file type (plus optional f32 bias) and the two ways
/// to apply it: a packed, blocked product for many rows (encoder), and a row-streaming product for
/// a few rows (decoder) that reads each weight once and converts it inside the dot kernel.
/// Activations are first made what whisper.cpp feeds the product: rounded to f16 for f16 weights,
/// quantized to 8-bit blocks for quantized weights.
/// </summary>
internal sealed unsafe class LinearLayer
{
    /// <summary>Up to this many rows use the streaming (GEMV) path.</summary>
    public const int StreamingMaxRows = 8;

    private readonly byte* _weight;
    private readonly float* _bias;

    public LinearLayer(GgmlTensor weight, GgmlTensor? bias)
        : this(weight, bias, weight.Columns, weight.Rows)
    {
    }

    /// <summary>
    /// Views a tensor as <paramref name="outputs"/> rows of <paramref name="inputs"/>. For a conv kernel
    /// (<c>[out][channel][tap]</c>) give <paramref name="taps"/>: the packed product then takes its input
    /// tap-major (<c>[tap][channel]</c>), so a row of input is just <c>taps</c> consecutive time steps.
    /// </summary>
    public LinearLayer(GgmlTensor weight, GgmlTensor? bias, int inputs, int outputs, int taps = 0)
    {
        Taps = taps;
        Type = weight.Type;
        In = inputs;
        Out = outputs;
        RowBytes = GgmlTypeInfo.RowBytes(Type, In);
        _weight = weight.Data;
        _bias = bias is null ? null : (float*)bias.Data;
        Name = weight.Name;
    }

    public string Name { get; }

    /// <summary>Conv taps when the packed input order is tap-major, else 0.</summary>
    public int Taps { get; }

    public GgmlType Type { get; }

    public int In { get; }

    public int Out { get; }

    public long RowBytes { get; }

    public bool HasBias => _bias != null;

    public float* Bias => _bias;

    public byte* Row(int r) => _weight + (r * RowBytes);

    /// <summary>Which 8-bit block format the activations take for this weight type (none for f32/f16).</summary>
    public bool UsesQ8 => GgmlTypeInfo.IsQuantized(Type);

    /// <summary>q4_1/q5_1 pair with q8_1 (block sums), the others with q8_0.</summary>
    public bool UsesQ8Sums => Type is GgmlType.Q4_1 or GgmlType.Q5_1;

    /// <summary>
    /// Writes the activations as whisper.cpp sees them for this weight type (f16-rounded, or
    /// 8-bit quantized and expanded back) to <paramref name="dst"/> (may equal <paramref name="x"/>).
    /// </summary>
    public void PrepareActivations(float* x, int rows, int ldx, float* dst, int lddst)
    {
        if (Type == GgmlType.F32)
        {
            if (x != dst)
            {
                for (int r = 0; r < rows; r++)
                {
                    new ReadOnlySpan<float>(x + ((long)r * ldx), In).CopyTo(new Span<float>(dst + ((long)r * lddst), In));
                }
            }

            return;
        }

        if (Type == GgmlType.F16)
        {
            for (int r = 0; r < rows; r++)
            {
                RoundToHalf.Round(x + ((long)r * ldx), dst + ((long)r * lddst), In);
            }

            return;
        }

        int blocks = In / 32;
        sbyte* q = stackalloc sbyte[In];
        float* d = stackalloc float[blocks];
        for (int r = 0; r < rows; r++)
        {
            QuantizeQ8.Quantize(x + ((long)r * ldx), In, q, d, null);
            float* o = dst + ((long)r * lddst);
            for (int i = 0; i < In; i++)
            {
                o[i] = d[i / 32] * q[i];
            }
        }
    }

    /// <summary>Packs the 16-row panel <paramref name="panel"/> of Wᵀ (as f32) for <see cref="PackedGemm"/>.</summary>
    public void PackPanel(int panel, float* packed, float* rowScratch)
    {
        float* dst = packed + ((long)panel * PackedGemm.NR * In);
        int n0 = panel * PackedGemm.NR;
        for (int j = 0; j < PackedGemm.NR; j++)
        {
            int row = n0 + j;
            if (row < Out && Taps > 0)
            {
                DequantizeRow.Run(Type, Row(row), In, rowScratch);
                int channels = In / Taps;
                for (int k = 0; k < In; k++)
                {
                    dst[(k * PackedGemm.NR) + j] = rowScratch[((k % channels) * Taps) + (k / channels)];
                }
            }
            else if (row < Out)
            {
                DequantizeRow.Run(Type, Row(row), In, rowScratch);
                for (int k = 0; k < In; k++)
                {
                    dst[(k * PackedGemm.NR) + j] = rowScratch[k];
                }
            }
            else
            {
                for (int k = 0; k < In; k++)
                {
                    dst[(k * PackedGemm.NR) + j] = 0;
                }
            }
        }
    }

    /// <summary>Streaming dot of weight row <paramref name="row"/> with one prepared activation row.</summary>
    public float DotRow(int row, in StreamingActivations x, int token)
    {
        byte* w = Row(row);
        int blocks = In / 32;
        return Type switch
        {
            GgmlType.F32 => System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<float>(w, In), new ReadOnlySpan<float>(x.Values + ((long)token * In), In)),
            GgmlType.F16 => DotF16.Dot((ushort*)w, x.Values + ((long)token * In), In),
            GgmlType.Q8_0 => DotQ8_0.Dot(w, x.Quants + ((long)token * In), x.Scales + ((long)token * blocks), blocks),
            GgmlType.Q4_0 => DotQ4_0.Dot(w, x.Quants + ((long)token * In), x.Scales + ((long)token * blocks), blocks),
            GgmlType.Q5_0 => DotQ5_0.Dot(w, x.Quants + ((long)token * In), x.Scales + ((long)token * blocks), blocks),
            GgmlType.Q4_1 => DotQ4_1.Dot(w, x.Quants + ((long)token * In), x.Scales + ((long)token * blocks), x.Sums + ((long)token * blocks), blocks),
            GgmlType.Q5_1 => DotQ5_1.Dot(w, x.Quants + ((long)token * In), x.Scales + ((long)token * blocks), x.Sums + ((long)token * blocks), blocks),
            _ => throw new InvalidOperationException($"unsupported type {Type}"),
        };
    }
}

/// <summary>Activations prepared for the streaming path: f32 (rounded for f16 weights) or q8 blocks.</summary>
internal readonly unsafe struct StreamingActivations(float* values, sbyte* quants, float* scales, float* sums)
{
    public float* Values { get; } = values;

    public sbyte* Quants { get; } = quants;

    public float* Scales { get; } = scales;

    public float* Sums { get; } = sums;
}
