using System.Runtime.InteropServices;

namespace VoiceFlow.Dictation.Interop;

/// <summary>Linux <c>struct ucred</c>: the process at the other end of a Unix socket, as the kernel saw it at connect time.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PeerCredentials
{
    public int ProcessId;
    public uint UserId;
    public uint GroupId;
}
