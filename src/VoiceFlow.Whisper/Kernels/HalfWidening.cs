using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// How an f16 kernel widens 8 weights (the type argument of the kernels that take either): to their value, or to
/// their value times 2^-112 when the other operand of every product was pre-scaled by 2^112. Implemented by empty
/// structs, so each instantiation has its widening inlined.
/// </summary>
internal unsafe interface IHalfWidening
{
    static abstract Vector256<float> Load(ushort* p);
}

/// <summary>The value: <see cref="HalfBits.ToSingleSignExtended"/> (a shift, a mask and a multiply by 2^112).</summary>
internal readonly unsafe struct ExactWidening : IHalfWidening
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ushort* p) => DotF16.Load(p);
}

/// <summary>
/// The value times 2^-112 (exact, subnormals included): <see cref="HalfBits.ToSingleSignExtended"/> without its
/// multiply. Paired with an operand pre-scaled by 2^112 (<see cref="PreScale"/>), every product is the same real
/// number as value × operand, and a fused multiply-add rounds it once, so the results are bit for bit those of
/// <see cref="ExactWidening"/>, one vector operation per 8 weights cheaper.
/// </summary>
internal readonly unsafe struct ScaledWidening : IHalfWidening
{
    /// <summary>2^112, the exponent rebias from f16 to f32 (see <see cref="HalfBits"/>).</summary>
    public const float Rebias = 5.192296858534828e33f;

    /// <summary>Operands with |x| below this scale by 2^112 exactly (every finite f16 value and every probability is below it).</summary>
    public const float PreScaleLimit = 65536f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ushort* p) =>
        ((Avx2.ConvertToVector256Int32((short*)p) << 13) & Vector256.Create(unchecked((int)0x8fffe000))).AsSingle();

    /// <summary>
    /// Writes <c>x · 2^112</c> to <paramref name="scaled"/> (may equal <paramref name="x"/>); false when some finite
    /// |x| ≥ 65536 would overflow (the caller then uses the exact widening on the unscaled operand).
    /// </summary>
    public static bool PreScale(float* x, float* scaled, long n)
    {
        // Overflow only for 65536 <= |x| < infinity (NaN compares false both ways).
        var bad = Vector256<float>.Zero;
        var limit = Vector256.Create(PreScaleLimit);
        var infinity = Vector256.Create(float.PositiveInfinity);
        long i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var v = Vector256.Load(x + i);
            var abs = Vector256.Abs(v);
            bad |= Vector256.GreaterThanOrEqual(abs, limit) & Vector256.LessThan(abs, infinity);
            *(Vector256<float>*)(scaled + i) = v * Vector256.Create(Rebias);
        }

        bool exact = bad == Vector256<float>.Zero;
        for (; i < n; i++)
        {
            float v = x[i];
            exact &= !float.IsFinite(v) || MathF.Abs(v) < PreScaleLimit;
            scaled[i] = v * Rebias;
        }

        return exact;
    }
}
