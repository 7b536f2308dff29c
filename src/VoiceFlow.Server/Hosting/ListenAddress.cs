using System.Net;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Server.Hosting;

/// <summary>Checks the address the server is asked to listen on: http (https with a certificate), and loopback unless an API key is set.</summary>
internal static class ListenAddress
{
    /// <summary>The URL to give Kestrel.</summary>
    /// <exception cref="ConfigurationException">Not an http URL (or https without a certificate), or not loopback while no API key is configured.</exception>
    public static string Check(string url, bool hasApiKey, bool hasCertificate = false)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) && !Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out uri))
        {
            throw new ConfigurationException($"server_urls: '{url}' is not a URL (expected e.g. http://127.0.0.1:8765)");
        }

        if (uri.Scheme == Uri.UriSchemeHttps && !hasCertificate)
        {
            throw new ConfigurationException($"server_urls: '{url}' is https:// but no certificate is set (server_certificate and server_certificate_key, or --certificate and --certificate-key)");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ConfigurationException($"server_urls: '{url}' is not http:// or https://");
        }

        if (!hasApiKey && !IsLoopback(uri.Host))
        {
            throw new ConfigurationException(
                $"server_urls: '{url}' listens beyond this machine; set an API key first (--api-key, VOICEFLOW_API_KEY or api_key in the config file)");
        }

        return url;
    }

    /// <summary>True when <paramref name="url"/> (already <see cref="Check"/>ed) binds loopback only, so only loopback names reach it.</summary>
    public static bool ListensOnLoopbackOnly(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsLoopback(uri.Host);

    /// <summary>True for localhost and loopback IP addresses; false for wildcards, other addresses and host names.</summary>
    public static bool IsLoopback(string host)
    {
        string bare = host.Trim('[', ']');
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }
}
