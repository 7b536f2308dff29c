using System.Runtime.InteropServices;

namespace VoiceFlow.PulseAudio.Interop;

/// <summary>pa_sample_spec: sample format, rate and channel count.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct SampleSpec(int format, uint rate, byte channels)
{
    /// <summary>pa_sample_format_t PA_SAMPLE_S16LE.</summary>
    public const int S16LittleEndian = 3;

    public readonly int Format = format;
    public readonly uint Rate = rate;
    public readonly byte Channels = channels;
}
