using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// The product of a matrix with vectors that come out of a ReLU (the inputs of encoder blocks 2–4 and of the LSTM):
/// y_p = Σ_c x_p[c] · column c, columns in ascending order, the matrix stored column by column. Over half of such an
/// input is exactly zero (50–77 % on the fixtures, per layer), and a zero contributes nothing, so its column is never
/// read: a chunk reads about a third fewer weight bytes, which is what a chunk costs (the weights do not fit in L2).
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
    /// cols = x.Length / count and rows = y.Length / count; each column is read once for all vectors.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> columns, ReadOnlySpan<float> x, int count, Span<float> y)
    {
        var (cols, rows) = Shape(columns, x, count, y);
        if (!Vector.IsHardwareAccelerated || rows < Vector<float>.Count)
        {
            MultiplyScalar(columns, x, count, y);
            return;
        }

        y.Clear();
        int width = Vector<float>.Count;
        int vectorEnd = rows - rows % width;
        ref float matrix = ref MemoryMarshal.GetReference(columns);
        ref float outputs = ref MemoryMarshal.GetReference(y);
        for (int c = 0; c < cols; c++)
        {
            ref float column = ref Unsafe.Add(ref matrix, c * rows);
            for (int p = 0; p < count; p++)
            {
                float input = x[(p * cols) + c];
                if (input == 0)
                {
                    continue;
                }

                ref float output = ref Unsafe.Add(ref outputs, p * rows);
                var broadcast = new Vector<float>(input);
                int r = 0;
                for (; r < vectorEnd; r += width)
                {
                    Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref column, (nuint)r), broadcast, Vector.LoadUnsafe(ref output, (nuint)r))
                        .StoreUnsafe(ref output, (nuint)r);
                }

                for (; r < rows; r++)
                {
                    Unsafe.Add(ref output, r) = MathF.FusedMultiplyAdd(Unsafe.Add(ref column, r), input, Unsafe.Add(ref output, r));
                }
            }
        }
    }

    /// <summary>The scalar reference of <see cref="Multiply"/>: every column, zero or not, one element at a time.</summary>
    public static void MultiplyScalar(ReadOnlySpan<float> columns, ReadOnlySpan<float> x, int count, Span<float> y)
    {
        var (cols, rows) = Shape(columns, x, count, y);
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

    private static (int Cols, int Rows) Shape(ReadOnlySpan<float> columns, ReadOnlySpan<float> x, int count, Span<float> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (x.Length % count != 0 || y.Length % count != 0)
        {
            throw new ArgumentException("x and y must hold count vectors each");
        }

        int cols = x.Length / count;
        int rows = y.Length / count;
        if (columns.Length < (long)cols * rows)
        {
            throw new ArgumentException("the matrix is shorter than rows × columns");
        }

        return (cols, rows);
    }
}
