using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Interleaved multi-channel frames to mono by averaging the channels (a plain mean: no channel is
/// favoured, whatever the file's channel mask says). Stereo, by far the common case, has vector paths;
/// other counts use the scalar loop, which is the reference for all of them.
/// </summary>
internal static class MonoMixdown
{
    internal static void Mix(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        int frames = interleaved.Length / channels;
        if (mono.Length < frames)
            throw new ArgumentException($"Destination holds {mono.Length} samples, source has {frames} frames.", nameof(mono));
        mono = mono[..frames];
        if (channels == 1) interleaved[..frames].CopyTo(mono);
        else if (channels == 2 && Avx2.IsSupported) StereoVector256(interleaved, mono);
        else if (channels == 2 && (Sse3.IsSupported || AdvSimd.Arm64.IsSupported)) StereoVector128(interleaved, mono);
        else Scalar(interleaved, channels, mono);
    }

    internal static void Scalar(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        float scale = 1f / channels;
        for (int frame = 0; frame < mono.Length; frame++)
        {
            var samples = interleaved.Slice(frame * channels, channels);
            float sum = 0;
            foreach (float s in samples)
                sum += s;
            mono[frame] = sum * scale;
        }
    }

    /// <summary>Pairwise horizontal adds: (L0+R0, L1+R1, L4+R4, L5+R5 | L2+R2, ...), then a lane permute restores frame order.</summary>
    internal static void StereoVector256(ReadOnlySpan<float> interleaved, Span<float> mono)
    {
        ref float src = ref MemoryMarshal.GetReference(interleaved);
        ref float dst = ref MemoryMarshal.GetReference(mono);
        var half = Vector256.Create(0.5f);
        int n = mono.Length, i = 0;
        for (; i <= n - 8; i += 8)
        {
            var a = Vector256.LoadUnsafe(ref src, (nuint)(2 * i));
            var b = Vector256.LoadUnsafe(ref src, (nuint)((2 * i) + 8));
            var sums = Avx.HorizontalAdd(a, b);
            var ordered = Avx2.Permute4x64(sums.AsDouble(), 0b11_01_10_00).AsSingle();
            (ordered * half).StoreUnsafe(ref dst, (nuint)i);
        }
        Scalar(interleaved[(2 * i)..], 2, mono[i..]);
    }

    internal static void StereoVector128(ReadOnlySpan<float> interleaved, Span<float> mono)
    {
        ref float src = ref MemoryMarshal.GetReference(interleaved);
        ref float dst = ref MemoryMarshal.GetReference(mono);
        var half = Vector128.Create(0.5f);
        int n = mono.Length, i = 0;
        for (; i <= n - 4; i += 4)
        {
            var a = Vector128.LoadUnsafe(ref src, (nuint)(2 * i));
            var b = Vector128.LoadUnsafe(ref src, (nuint)((2 * i) + 4));
            var sums = Sse3.IsSupported ? Sse3.HorizontalAdd(a, b) : AdvSimd.Arm64.AddPairwise(a, b);
            (sums * half).StoreUnsafe(ref dst, (nuint)i);
        }
        Scalar(interleaved[(2 * i)..], 2, mono[i..]);
    }
}
