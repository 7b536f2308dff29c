using Microsoft.AspNetCore.Http;

namespace VoiceFlow.Server.Security;

/// <summary>
/// Refuses API calls a browser makes on behalf of another web site. Browsers let any page open a WebSocket or post a
/// form to 127.0.0.1; they always send <c>Origin</c> then, so a request whose Origin is not this server's own is refused.
/// Programs (curl, SDKs) send no Origin and are unaffected.
/// </summary>
internal static class OriginCheck
{
    public static bool IsAllowed(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
