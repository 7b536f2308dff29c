using System.Runtime.InteropServices;

namespace VoiceFlow.PulseAudio.Interop;

/// <summary>pa_buffer_attr. For recording only <see cref="FragmentSize"/> and <see cref="MaxLength"/> matter; uint.MaxValue means "server default".</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct BufferAttributes(uint fragmentSize)
{
    public readonly uint MaxLength = uint.MaxValue;
    public readonly uint TargetLength = uint.MaxValue;
    public readonly uint Prebuffer = uint.MaxValue;
    public readonly uint MinimumRequest = uint.MaxValue;

    /// <summary>Bytes the server sends at a time: small fragments keep capture latency low (the server's default is about 2 s).</summary>
    public readonly uint FragmentSize = fragmentSize;
}
