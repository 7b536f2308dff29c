using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Server.Hosting;

/// <summary>The TLS certificate of an https:// <c>server_urls</c>: <c>server_certificate</c> (PEM or PKCS#12) and <c>server_certificate_key</c>.</summary>
internal static class ServerCertificate
{
    /// <summary>The certificate, or null when none is configured.</summary>
    /// <exception cref="ConfigurationException">A file that is missing or holds no usable certificate and key.</exception>
    public static X509Certificate2? Load(VoiceFlowOptions options)
    {
        if (string.IsNullOrEmpty(options.ServerCertificate))
        {
            return null;
        }

        string path = options.ServerCertificate;
        try
        {
            if (options.ServerCertificateKey is { Length: > 0 } key)
            {
                return X509Certificate2.CreateFromPemFile(path, key);
            }

            return IsPem(path) ? X509Certificate2.CreateFromPemFile(path) : X509CertificateLoader.LoadPkcs12FromFile(path, null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigurationException($"server_certificate: cannot load '{path}'{(options.ServerCertificateKey is null ? "" : $" with key '{options.ServerCertificateKey}'")}: {ex.Message}", ex);
        }
    }

    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[11];
        int read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return start[..read].SequenceEqual("-----BEGIN "u8[..Math.Min(read, 11)]);
    }
}
