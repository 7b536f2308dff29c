using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace VoiceFlow.Server.Security;

/// <summary>
/// The bearer key check. Keys are compared as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so the time taken reveals neither how many leading characters matched nor the key's length.
/// </summary>
internal sealed class ApiKeyCheck
{
    private readonly byte[]? _digest;

    public ApiKeyCheck(string? apiKey) => _digest = string.IsNullOrEmpty(apiKey) ? null : Digest(apiKey);

    /// <summary>False when no key is configured (every request passes).</summary>
    public bool IsRequired => _digest is not null;

    /// <summary>
    /// Whether the request carries the key: <c>Authorization: Bearer KEY</c>, or for a WebSocket upgrade (browsers
    /// cannot set headers on one) the <c>api_key</c> query parameter or the <c>openai-insecure-api-key.KEY</c>
    /// subprotocol OpenAI's browser clients send.
    /// </summary>
    public bool Allows(HttpRequest request, bool acceptQueryKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_digest is null)
        {
            return true;
        }

        string? presented = BearerOf(request.Headers.Authorization);
        if (presented is null && acceptQueryKey && request.Query.TryGetValue("api_key", out StringValues query) && query.Count == 1)
        {
            presented = query[0];
        }

        if (presented is null && acceptQueryKey)
        {
            presented = SubprotocolKey(request.Headers.SecWebSocketProtocol);
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Digest(presented), _digest);
    }

    private static string? SubprotocolKey(StringValues protocols)
    {
        const string prefix = "openai-insecure-api-key.";
        foreach (string? header in protocols)
        {
            foreach (string protocol in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (protocol.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return protocol[prefix.Length..];
                }
            }
        }

        return null;
    }

    private static string? BearerOf(StringValues authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { } value)
        {
            return null;
        }

        const string scheme = "Bearer ";
        return value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? value[scheme.Length..].Trim() : null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
