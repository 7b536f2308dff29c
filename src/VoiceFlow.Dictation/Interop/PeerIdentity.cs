using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace VoiceFlow.Dictation.Interop;

/// <summary>Who is on the other end of a connected Unix socket (SO_PEERCRED).</summary>
internal static class PeerIdentity
{
    /// <summary>The effective uid of this process.</summary>
    public static uint CurrentUserId => LibC.geteuid();

    /// <summary>The peer's pid, uid and gid.</summary>
    /// <exception cref="DictationException">The kernel refused the query (not a Unix socket).</exception>
    public static PeerCredentials Of(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        int length = Marshal.SizeOf<PeerCredentials>();
        if (LibC.getsockopt(socket.SafeHandle, LibC.SolSocket, LibC.SoPeerCred, out var credentials, ref length) != 0)
        {
            throw new DictationException($"cannot read the peer's credentials of the dictation socket (errno {Marshal.GetLastPInvokeError()})");
        }

        return credentials;
    }
}
