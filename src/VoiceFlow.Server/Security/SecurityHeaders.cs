using Microsoft.AspNetCore.Http;

namespace VoiceFlow.Server.Security;

/// <summary>Headers every response carries: no sniffing, no framing, no referrer, and a strict Content-Security-Policy.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The page's policy: scripts, styles, workers (the AudioWorklet) and connections only from this origin (the
    /// WebSocket included: CSP3 'self' covers ws: of the same host), no inline code, nothing may frame the page.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "worker-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
    }
}
