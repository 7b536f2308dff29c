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

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowTooShort() => throw new ArgumentException("the matrix is shorter than rows × columns");
}
