using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Server;

/// <summary>Where the server listens, who may call it and how much it accepts (the configuration's server section).</summary>
/// <param name="Urls">server_urls: the http:// address to listen on.</param>
/// <param name="ApiKey">api_key: the bearer key every API call must carry; null for none (loopback only).</param>
/// <param name="MaxUploadBytes">server_max_upload_bytes: largest upload accepted.</param>
/// <param name="MaxAudioSeconds">server_max_audio_seconds: longest audio per request or stream utterance.</param>
/// <param name="Wyoming">server_wyoming: tcp://HOST:PORT of the Wyoming endpoint; null for off.</param>
/// <param name="WyomingAllowRemote">server_wyoming_allow_remote: whether Wyoming may listen beyond loopback.</param>
/// <param name="Certificate">server_certificate: the TLS certificate of an https:// address.</param>
/// <param name="CertificateKey">server_certificate_key: its PEM private key.</param>
public sealed record ServerOptions(
    string Urls, string? ApiKey, int MaxUploadBytes, int MaxAudioSeconds, string? Wyoming, bool WyomingAllowRemote, string? Certificate, string? CertificateKey)
{
    /// <summary>The settings the configuration asks for.</summary>
    public static ServerOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ServerOptions(
            options.ServerUrls, options.ApiKey, options.ServerMaxUploadBytes, options.ServerMaxAudioSeconds,
            options.ServerWyoming, options.ServerWyomingAllowRemote, options.ServerCertificate, options.ServerCertificateKey);
    }
}
