using System.Runtime.InteropServices;

namespace VoiceFlow.Dictation.Interop;

/// <summary>The two libc calls the socket needs: whose process is connected, and who we are.</summary>
internal static partial class LibC
{
    private const string Name = "libc";

    /// <summary>Linux values (the same on x86-64 and arm64).</summary>
    internal const int SolSocket = 1;
    internal const int SoPeerCred = 17;

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int getsockopt(SafeHandle socket, int level, int optionName, out PeerCredentials value, ref int valueLength);

    [LibraryImport(Name)]
    internal static partial uint geteuid();
}
