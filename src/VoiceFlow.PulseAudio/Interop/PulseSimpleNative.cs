using System.Runtime.InteropServices;

namespace VoiceFlow.PulseAudio.Interop;

/// <summary>PulseAudio's blocking "simple" API (libpulse-simple.so.0; PipeWire desktops serve it too through pipewire-pulse).</summary>
internal static partial class PulseSimpleNative
{
    public const string Library = "libpulse-simple.so.0";

    /// <summary>pa_stream_direction_t: PA_STREAM_RECORD.</summary>
    public const int StreamRecord = 2;

    [LibraryImport(Library, EntryPoint = "pa_simple_new", StringMarshalling = StringMarshalling.Utf8)]
    public static partial PulseSimpleHandle New(
        string? server, string name, int direction, string? device, string streamName, in SampleSpec spec, IntPtr channelMap, in BufferAttributes attributes, out int error);

    [LibraryImport(Library, EntryPoint = "pa_simple_read")]
    public static unsafe partial int Read(PulseSimpleHandle stream, byte* data, nuint bytes, out int error);

    [LibraryImport(Library, EntryPoint = "pa_simple_get_latency")]
    public static partial ulong GetLatency(PulseSimpleHandle stream, out int error);

    [LibraryImport(Library, EntryPoint = "pa_simple_flush")]
    public static partial int Flush(PulseSimpleHandle stream, out int error);

    [LibraryImport(Library, EntryPoint = "pa_simple_free")]
    public static partial void Free(IntPtr stream);
}
