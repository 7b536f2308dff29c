using System.Runtime.InteropServices;

namespace VoiceFlow.PulseAudio.Interop;

/// <summary>The one function of the full client library VoiceFlow needs (libpulse.so.0).</summary>
internal static partial class PulseNative
{
    public const string Library = "libpulse.so.0";

    /// <summary>pa_strerror: a static English description of an error code.</summary>
    [LibraryImport(Library, EntryPoint = "pa_strerror")]
    private static partial IntPtr StrError(int error);

    /// <summary>The library's message for <paramref name="error"/>, or the bare code when libpulse cannot say.</summary>
    public static string Describe(int error)
    {
        try
        {
            return Marshal.PtrToStringUTF8(StrError(error)) ?? $"error {error}";
        }
        catch (DllNotFoundException)
        {
            return $"error {error}";
        }
    }
}
