using System.Net;
using VoiceFlow.Core.Errors;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Wyoming;

/// <summary>Checks <c>server_wyoming</c>: a tcp:// address, loopback unless <c>server_wyoming_allow_remote</c> (Wyoming has no authentication).</summary>
internal static class WyomingAddress
{
    /// <summary>The endpoint to listen on; null when Wyoming is off.</summary>
    /// <exception cref="ConfigurationException">Not a tcp://HOST:PORT address, or beyond loopback without the explicit permission.</exception>
    public static IPEndPoint? Check(string? address, bool allowRemote)
    {
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != "tcp" || uri.IsDefaultPort || uri.Port is < 0 or > 65535)
        {
            throw new ConfigurationException($"server_wyoming: '{address}' is not a tcp://HOST:PORT address (e.g. tcp://127.0.0.1:10300)");
        }

        string host = uri.Host.Trim('[', ']');
        IPAddress ip;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out ip!))
        {
            throw new ConfigurationException($"server_wyoming: '{address}' needs an IP address or localhost as its host (e.g. tcp://0.0.0.0:10300)");
        }

        if (!ListenAddress.IsLoopback(host) && !allowRemote)
        {
            throw new ConfigurationException(
                $"server_wyoming: '{address}' listens beyond this machine, and Wyoming has no authentication: anyone who can reach the port can use it. " +
                "Allow it explicitly with --wyoming-allow-remote (server_wyoming_allow_remote = true), ideally on a trusted network only");
        }

        return new IPEndPoint(ip, uri.Port);
    }
}
