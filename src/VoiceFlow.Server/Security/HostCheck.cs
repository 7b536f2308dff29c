using Microsoft.AspNetCore.Http;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Security;

/// <summary>
/// Defeats DNS rebinding on a loopback server. A page at <c>http://evil.example:8765</c> whose name is re-pointed to
/// 127.0.0.1 sends <c>Host</c> and <c>Origin</c> that agree, so <see cref="OriginCheck"/> alone would let it post audio
/// and read the answers. A server that listens only on loopback is only ever reached by a loopback name, so any other
/// <c>Host</c> is refused.
/// </summary>
internal static class HostCheck
{
    public static bool IsAllowed(HttpRequest request, bool listensOnLoopbackOnly)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !listensOnLoopbackOnly || (request.Host.HasValue && ListenAddress.IsLoopback(request.Host.Host));
    }
}
