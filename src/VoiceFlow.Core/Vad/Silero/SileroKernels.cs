using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// The matrix-vector product all of Silero's layers reduce to (convolutions as one product per output position, the
/// LSTM's gates): y[r] = Σ_c M[r, c]·x[c]. A vectorized version, four rows per pass so each load of x serves four
/// rows, and its scalar reference (tests compare them over many shapes).
/// </summary>
internal static class SileroKernels
{
    /// <summary>y[r] = dot(row r of <paramref name="matrix"/>, <paramref name="x"/>) for r below y.Length; rows are x.Length long.</summary>
    public static void MatrixVector(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, Span<float> y)
    {
        if (matrix.Length < (long)x.Length * y.Length)
        {
            ThrowTooShort();
        }

        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            MatrixVectorVectorized(matrix, x, y);
        }
        else
        {
            MatrixVectorScalar(matrix, x, y);
        }
    }

    /// <summary>The scalar reference of <see cref="MatrixVector"/> (also the path without SIMD).</summary>
    public static void MatrixVectorScalar(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, Span<float> y)
    {
        int cols = x.Length;
        for (int r = 0; r < y.Length; r++)
        {
            var row = matrix.Slice(r * cols, cols);
            float sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += row[c] * x[c];
            }

            y[r] = sum;
        }
    }

    /// <summary>The vectorized version (callers check that x holds at least one vector).</summary>
    internal static void MatrixVectorVectorized(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, Span<float> y)
    {
        int cols = x.Length;
        int width = Vector<float>.Count;
        int vectorEnd = cols - cols % width;
        ref float m = ref MemoryMarshal.GetReference(matrix);
        ref float v = ref MemoryMarshal.GetReference(x);
        int r = 0;
        for (; r + 4 <= y.Length; r += 4)
        {
            ref float row0 = ref Unsafe.Add(ref m, r * cols);
            ref float row1 = ref Unsafe.Add(ref row0, cols);
            ref float row2 = ref Unsafe.Add(ref row1, cols);
            ref float row3 = ref Unsafe.Add(ref row2, cols);
            Vector<float> acc0 = Vector<float>.Zero, acc1 = Vector<float>.Zero, acc2 = Vector<float>.Zero, acc3 = Vector<float>.Zero;
            for (int c = 0; c < vectorEnd; c += width)
            {
                var xv = Vector.LoadUnsafe(ref v, (nuint)c);
                acc0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref row0, (nuint)c), xv, acc0);
                acc1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref row1, (nuint)c), xv, acc1);
                acc2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref row2, (nuint)c), xv, acc2);
                acc3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref row3, (nuint)c), xv, acc3);
            }

            float s0 = Vector.Sum(acc0), s1 = Vector.Sum(acc1), s2 = Vector.Sum(acc2), s3 = Vector.Sum(acc3);
            for (int c = vectorEnd; c < cols; c++)
            {
                float xc = Unsafe.Add(ref v, c);
                s0 += Unsafe.Add(ref row0, c) * xc;
                s1 += Unsafe.Add(ref row1, c) * xc;
                s2 += Unsafe.Add(ref row2, c) * xc;
                s3 += Unsafe.Add(ref row3, c) * xc;
            }

            y[r] = s0;
            y[r + 1] = s1;
            y[r + 2] = s2;
            y[r + 3] = s3;
        }

        for (; r < y.Length; r++)
        {
            ref float row = ref Unsafe.Add(ref m, r * cols);
            var acc = Vector<float>.Zero;
            for (int c = 0; c < vectorEnd; c += width)
            {
                acc = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref row, (nuint)c), Vector.LoadUnsafe(ref v, (nuint)c), acc);
            }

            float s = Vector.Sum(acc);
            for (int c = vectorEnd; c < cols; c++)
            {
                s += Unsafe.Add(ref row, c) * Unsafe.Add(ref v, c);
            }

            y[r] = s;
        }
    }

    /// <summary>
    /// <see cref="MatrixVector"/> for several vectors at once: y[p·rows + r] = dot(row r, x[p·cols ..]) for p below
    /// <paramref name="count"/>, rows = y.Length / count. The matrix is what costs (Silero's layers are up to 200 KB
    /// and the model does not fit in L2): four vectors share each load of a row, so a convolution's weights are read
    /// once per chunk instead of once per output position. Each result is bit-identical to <see cref="MatrixVector"/>
    /// on its own vector (same accumulation order), which the tests check.
    /// </summary>
    public static void MatrixVectors(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, int count, Span<float> y)
    {
        var (cols, rows) = ProductShape(matrix.Length, x.Length, count, y.Length);

        int p = 0;
        if (Vector.IsHardwareAccelerated && cols >= Vector<float>.Count)
        {
            for (; p + 4 <= count; p += 4)
            {
                MatrixFourVectors(matrix, x.Slice(p * cols, 4 * cols), cols, y.Slice(p * rows, 4 * rows), 4);
            }

            // Two or three left: still one pass over the matrix (a live stream's layers often have 2 or 3 positions).
            if (count - p >= 2)
            {
                int left = count - p;
                MatrixFourVectors(matrix, x.Slice(p * cols, left * cols), cols, y.Slice(p * rows, left * rows), left);
                p = count;
            }
        }

        for (; p < count; p++)
        {
            MatrixVector(matrix, x.Slice(p * cols, cols), y.Slice(p * rows, rows));
        }
    }

    /// <summary>The scalar reference of <see cref="MatrixVectors"/>: one <see cref="MatrixVectorScalar"/> per vector.</summary>
    public static void MatrixVectorsScalar(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, int count, Span<float> y)
    {
        int cols = x.Length / count;
        int rows = y.Length / count;
        for (int p = 0; p < count; p++)
        {
            MatrixVectorScalar(matrix, x.Slice(p * cols, cols), y.Slice(p * rows, rows));
        }
    }

    /// <summary>
    /// Two to four vectors, two rows at a time: each step loads two row chunks and four vector chunks for eight
    /// multiply-adds (loads, not arithmetic, limit this product). Every (row, vector) pair keeps its own accumulator
    /// and <see cref="MatrixVectorVectorized"/>'s order, so results are bit-identical to it. With fewer than four
    /// vectors the spare lanes repeat the first vector and their results are dropped: the matrix, the expensive
    /// read, is still read once.
    /// </summary>
    private static void MatrixFourVectors(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, int cols, Span<float> y, int vectors)
    {
        int rows = y.Length / vectors;
        int width = Vector<float>.Count;
        int vectorEnd = cols - cols % width;
        ref float m = ref MemoryMarshal.GetReference(matrix);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float x1 = ref Unsafe.Add(ref x0, vectors > 1 ? cols : 0);
        ref float x2 = ref Unsafe.Add(ref x0, vectors > 2 ? 2 * cols : 0);
        ref float x3 = ref Unsafe.Add(ref x0, vectors > 3 ? 3 * cols : 0);
        int r = 0;
        for (; r + 2 <= rows; r += 2)
        {
            ref float rowA = ref Unsafe.Add(ref m, r * cols);
            ref float rowB = ref Unsafe.Add(ref rowA, cols);
            Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
            Vector<float> b0 = Vector<float>.Zero, b1 = Vector<float>.Zero, b2 = Vector<float>.Zero, b3 = Vector<float>.Zero;
            for (int c = 0; c < vectorEnd; c += width)
            {
                var wa = Vector.LoadUnsafe(ref rowA, (nuint)c);
                var wb = Vector.LoadUnsafe(ref rowB, (nuint)c);
                var v = Vector.LoadUnsafe(ref x0, (nuint)c);
                a0 = Vector.MultiplyAddEstimate(wa, v, a0);
                b0 = Vector.MultiplyAddEstimate(wb, v, b0);
                v = Vector.LoadUnsafe(ref x1, (nuint)c);
                a1 = Vector.MultiplyAddEstimate(wa, v, a1);
                b1 = Vector.MultiplyAddEstimate(wb, v, b1);
                v = Vector.LoadUnsafe(ref x2, (nuint)c);
                a2 = Vector.MultiplyAddEstimate(wa, v, a2);
                b2 = Vector.MultiplyAddEstimate(wb, v, b2);
                v = Vector.LoadUnsafe(ref x3, (nuint)c);
                a3 = Vector.MultiplyAddEstimate(wa, v, a3);
                b3 = Vector.MultiplyAddEstimate(wb, v, b3);
            }

            FinishRow(ref rowA, ref x0, cols, vectorEnd, a0, a1, a2, a3, y, rows, r, vectors);
            FinishRow(ref rowB, ref x0, cols, vectorEnd, b0, b1, b2, b3, y, rows, r + 1, vectors);
        }

        for (; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref m, r * cols);
            Vector<float> acc0 = Vector<float>.Zero, acc1 = Vector<float>.Zero, acc2 = Vector<float>.Zero, acc3 = Vector<float>.Zero;
            for (int c = 0; c < vectorEnd; c += width)
            {
                var w = Vector.LoadUnsafe(ref row, (nuint)c);
                acc0 = Vector.MultiplyAddEstimate(w, Vector.LoadUnsafe(ref x0, (nuint)c), acc0);
                acc1 = Vector.MultiplyAddEstimate(w, Vector.LoadUnsafe(ref x1, (nuint)c), acc1);
                acc2 = Vector.MultiplyAddEstimate(w, Vector.LoadUnsafe(ref x2, (nuint)c), acc2);
                acc3 = Vector.MultiplyAddEstimate(w, Vector.LoadUnsafe(ref x3, (nuint)c), acc3);
            }

            FinishRow(ref row, ref x0, cols, vectorEnd, acc0, acc1, acc2, acc3, y, rows, r, vectors);
        }
    }

    /// <summary>Sums one row's accumulators, adds the columns past the last whole vector, stores the results of the real vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishRow(ref float row, ref float x0, int cols, int vectorEnd,
        Vector<float> acc0, Vector<float> acc1, Vector<float> acc2, Vector<float> acc3, Span<float> y, int rows, int r, int vectors)
    {
        float s0 = Finish(ref row, ref x0, vectorEnd, cols, acc0);
        y[r] = s0;
        if (vectors > 1)
        {
            y[rows + r] = Finish(ref row, ref Unsafe.Add(ref x0, cols), vectorEnd, cols, acc1);
        }

        if (vectors > 2)
        {
            y[(2 * rows) + r] = Finish(ref row, ref Unsafe.Add(ref x0, 2 * cols), vectorEnd, cols, acc2);
        }

        if (vectors > 3)
        {
            y[(3 * rows) + r] = Finish(ref row, ref Unsafe.Add(ref x0, 3 * cols), vectorEnd, cols, acc3);
        }
    }

    /// <summary>One (row, vector) pair's sum: the accumulator's lanes, then the columns past the last whole vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(ref float row, ref float x, int vectorEnd, int cols, Vector<float> accumulator)
    {
        float sum = Vector.Sum(accumulator);
        for (int c = vectorEnd; c < cols; c++)
        {
            sum += Unsafe.Add(ref row, c) * Unsafe.Add(ref x, c);
        }

        return sum;
    }

    /// <summary>
    /// The columns and rows of a product of a matrix with <paramref name="count"/> vectors held back to back in x
    /// (results back to back in y); throws when the lengths do not fit.
    /// </summary>
    internal static (int Cols, int Rows) ProductShape(int matrixLength, int xLength, int count, int yLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (xLength % count != 0 || yLength % count != 0)
        {
            throw new ArgumentException("x and y must hold count vectors each");
        }

        int cols = xLength / count;
        int rows = yLength / count;
        if (matrixLength < (long)cols * rows)
        {
            ThrowTooShort();
        }

        return (cols, rows);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowTooShort() => throw new ArgumentException("the matrix is shorter than rows × columns");
}
