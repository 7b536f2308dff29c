using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Server.Hosting;

/// <summary>
/// The HTTP endpoint of a (checked) <c>server_urls</c> as a Kestrel listen call, for when another endpoint (Wyoming) is
/// configured in code, which makes Kestrel ignore URLs.
/// </summary>
internal static class HttpEndpoint
{
    public static void Listen(KestrelServerOptions kestrel, string url, bool https)
    {
        var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        Action<ListenOptions> configure = listen =>
        {
            if (https)
            {
                listen.UseHttps();
            }
        };
        string host = uri.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(uri.Port, configure);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, uri.Port, configure);
        }
        else
        {
            throw new ConfigurationException($"server_urls: '{url}' names a host; with server_wyoming set, give an IP address or localhost");
        }
    }
}
