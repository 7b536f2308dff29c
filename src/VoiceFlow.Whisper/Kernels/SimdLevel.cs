using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>Which kernel implementation family runs: scalar reference, 128-bit vectors, or AVX2/FMA.</summary>
public enum SimdLevel
{
    Scalar,
    Vector128,
    Avx2,
}

/// <summary>
/// Picks the kernel family once per process: the best the CPU has, or the one forced by the
/// environment variable <c>VOICEFLOW_SIMD</c> (<c>scalar</c>, <c>v128</c>, <c>auto</c>), so the whole
/// suite can be rerun on the fallbacks.
/// </summary>
public static class SimdSupport
{
    /// <summary>The environment variable that forces a kernel family.</summary>
    public const string EnvironmentVariable = "VOICEFLOW_SIMD";

    /// <summary>The selected family.</summary>
    public static SimdLevel Level { get; } = Select(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>True when the AVX2 + FMA kernels run.</summary>
    public static bool UseAvx2 => Level == SimdLevel.Avx2;

    /// <summary>True when at least the 128-bit kernels run.</summary>
    public static bool UseVector128 => Level != SimdLevel.Scalar;

    internal static SimdLevel Select(string? forced)
    {
        SimdLevel best = Avx2.IsSupported && Fma.IsSupported ? SimdLevel.Avx2
            : Vector128.IsHardwareAccelerated ? SimdLevel.Vector128 : SimdLevel.Scalar;
        return forced?.Trim().ToLowerInvariant() switch
        {
            "scalar" => SimdLevel.Scalar,
            "v128" or "vector128" => best == SimdLevel.Scalar ? SimdLevel.Scalar : SimdLevel.Vector128,
            _ => best,
        };
    }
}
