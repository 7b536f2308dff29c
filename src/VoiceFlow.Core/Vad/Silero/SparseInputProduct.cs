using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// The product of a matrix with vectors that come out of a ReLU (the inputs of encoder blocks 2–4 and of the LSTM):
/// y_p = Σ_c x_p[c] · column c, columns in ascending order, the matrix stored column by column. Over half of such an
/// input is exactly zero on the fixtures, and a zero contributes nothing, so its column is never
/// read: a chunk reads fewer weight bytes, which is what a chunk on its own costs (the weights do not
/// fit in L2).
/// </summary>
/// <remarks>
/// Skipping a zero is exact: the skipped step would be y + w·0 = y + (±0), which leaves every y unchanged (y is never
/// −0 here: it starts at +0 and only an underflow to below the smallest subnormal could make it −0). Every y[r] is
/// a chain of fused multiply-adds in column order, in the vectorized path and in <see cref="MultiplyScalar"/> alike,
/// so the two agree bit for bit (the tests check, with zeros and negative weights), and a vector's result does not
/// depend on which other vectors share the call.
/// </remarks>
internal static class SparseInputProduct
{
    /// <summary>
    /// y[p·rows + r] = Σ_c x[p·cols + c] · columns[c·rows + r] for p below <paramref name="count"/>, with
    /// cols = x.Length / count and rows = y.Length / count. <paramref name="nonzero"/> is scratch space of at least
    /// x.Length entries (the caller owns it, so the product allocates nothing).
    /// </summary>
    /// <remarks>
    /// Each vector's nonzero inputs are listed first (without a branch per input), so the products below have no
    /// data-dependent branch to mispredict. Then, for each block of 64 rows, each vector's 64 sums stay in eight
    /// registers while its nonzero columns stream past: no y is loaded or stored per column, and a block's slice of
    /// the matrix (cols × 256 bytes) is still in L1 or L2 for the next vector.
    /// </remarks>
    public static void Multiply(ReadOnlySpan<float> columns, ReadOnlySpan<float> x, int count, Span<float> y, Span<int> nonzero)
    {
        var (cols, rows) = SileroKernels.ProductShape(columns.Length, x.Length, count, y.Length);
        if (nonzero.Length < x.Length)
        {
            throw new ArgumentException($"the scratch space holds {nonzero.Length} indices, the inputs {x.Length}", nameof(nonzero));
        }

        if (!Vector.IsHardwareAccelerated || rows < Vector<float>.Count)
        {
            MultiplyScalar(columns, x, count, y);
            return;
        }

        Span<int> counts = stackalloc int[count];
        for (int p = 0; p < count; p++)
        {
            counts[p] = ListNonzero(x.Slice(p * cols, cols), nonzero.Slice(p * cols, cols));
        }

        int width = Vector<float>.Count;
        int blockRows = 8 * width;
        int r = 0;
        for (; r + blockRows <= rows; r += blockRows)
        {
            for (int p = 0; p < count; p++)
            {
                EightVectorBlock(columns, rows, r, x.Slice(p * cols, cols), nonzero.Slice(p * cols, counts[p]), y.Slice(p * rows, rows));
            }
        }

        for (; r + width <= rows; r += width)
        {
            for (int p = 0; p < count; p++)
            {
                OneVectorBlock(columns, rows, r, x.Slice(p * cols, cols), nonzero.Slice(p * cols, counts[p]), y.Slice(p * rows, rows));
            }
        }

        for (; r < rows; r++)
        {
            for (int p = 0; p < count; p++)
            {
                var input = x.Slice(p * cols, cols);
                float sum = 0;
                foreach (int c in nonzero.Slice(p * cols, counts[p]))
                {
                    sum = MathF.FusedMultiplyAdd(columns[(c * rows) + r], input[c], sum);
                }

                y[(p * rows) + r] = sum;
            }
        }
    }

    /// <summary>Writes the indices of the nonzero values of <paramref name="input"/> in order; returns how many.</summary>
    private static int ListNonzero(ReadOnlySpan<float> input, Span<int> indices)
    {
        int n = 0;
        for (int c = 0; c < input.Length; c++)
        {
            // Written every time, kept only if nonzero: no branch on the data (a ReLU's zeros are unpredictable).
            indices[n] = c;
            n += input[c] != 0 ? 1 : 0;
        }

        return n;
    }

    /// <summary>Rows <paramref name="first"/> to first + 8 vectors of one vector's product, summed in registers.</summary>
    private static void EightVectorBlock(ReadOnlySpan<float> columns, int rows, int first, ReadOnlySpan<float> input, ReadOnlySpan<int> nonzero, Span<float> y)
    {
        int width = Vector<float>.Count;
        ref float matrix = ref Unsafe.Add(ref MemoryMarshal.GetReference(columns), first);
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        foreach (int c in nonzero)
        {
            var value = new Vector<float>(input[c]);
            ref float column = ref Unsafe.Add(ref matrix, c * rows);
            a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, 0), value, a0);
            a1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)width), value, a1);
            a2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)(2 * width)), value, a2);
            a3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)(3 * width)), value, a3);
            a4 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)(4 * width)), value, a4);
            a5 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)(5 * width)), value, a5);
            a6 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)(6 * width)), value, a6);
            a7 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)(7 * width)), value, a7);
        }

        var output = y[first..];
        a0.CopyTo(output);
        a1.CopyTo(output[width..]);
        a2.CopyTo(output[(2 * width)..]);
        a3.CopyTo(output[(3 * width)..]);
        a4.CopyTo(output[(4 * width)..]);
        a5.CopyTo(output[(5 * width)..]);
        a6.CopyTo(output[(6 * width)..]);
        a7.CopyTo(output[(7 * width)..]);
    }

    /// <summary>Rows <paramref name="first"/> to first + one vector of one vector's product (rows left over from the blocks of eight).</summary>
    private static void OneVectorBlock(ReadOnlySpan<float> columns, int rows, int first, ReadOnlySpan<float> input, ReadOnlySpan<int> nonzero, Span<float> y)
    {
        ref float matrix = ref Unsafe.Add(ref MemoryMarshal.GetReference(columns), first);
        Vector<float> sum = default;
        foreach (int c in nonzero)
        {
            sum = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref Unsafe.Add(ref matrix, c * rows)), new Vector<float>(input[c]), sum);
        }

        sum.CopyTo(y[first..]);
    }

    /// <summary>The scalar reference of <see cref="Multiply"/>: every column, zero or not, one element at a time.</summary>
    public static void MultiplyScalar(ReadOnlySpan<float> columns, ReadOnlySpan<float> x, int count, Span<float> y)
    {
        var (cols, rows) = SileroKernels.ProductShape(columns.Length, x.Length, count, y.Length);
        y.Clear();
        for (int p = 0; p < count; p++)
        {
            var output = y.Slice(p * rows, rows);
            for (int c = 0; c < cols; c++)
            {
                float input = x[(p * cols) + c];
                var column = columns.Slice(c * rows, rows);
                for (int r = 0; r < rows; r++)
                {
                    output[r] = MathF.FusedMultiplyAdd(column[r], input, output[r]);
                }
            }
        }
    }

    /// <summary>
    /// A row-major [rows × cols] matrix stored column by column ([cols × rows]), the layout <see cref="Multiply"/>
    /// reads.
    /// </summary>
    public static float[] ToColumns(ReadOnlySpan<float> rowMajor, int rows, int cols)
    {
        if (rowMajor.Length != (long)rows * cols)
        {
            throw new ArgumentException($"a {rows} × {cols} matrix has {(long)rows * cols} values, not {rowMajor.Length}", nameof(rowMajor));
        }

        var columns = new float[rowMajor.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                columns[(c * rows) + r] = rowMajor[(r * cols) + c];
            }
        }

        return columns;
    }
}
