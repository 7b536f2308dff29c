using System.Runtime.InteropServices;

namespace VoiceFlow.Dictation.Interop;

/// <summary>The libc calls the daemon needs: whose process is connected to the socket, who we are, and giving freed memory back.</summary>
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

    /// <summary>
    /// glibc: returns the free memory of the allocator's heaps to the system (1 if any was). A native engine's model
    /// (PocketSphinx) freed by its library stays in glibc's arenas otherwise, and the process keeps it resident.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "malloc_trim")]
    internal static partial int MallocTrim(nuint pad);
}
