using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace VoiceFlow.Server.Site;

/// <summary>
/// The web page, served from resources embedded in this assembly (wwwroot/**). A request path is only ever looked up
/// in that fixed set of names, so no request can reach the file system.
/// </summary>
internal sealed class EmbeddedSite
{
    private const string Prefix = "wwwroot/";

    /// <summary>Shown at / when the assembly was built without a page.</summary>
    private const string PlaceholderPage =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>VoiceFlow</title></head>" +
        "<body><h1>VoiceFlow server</h1><p>The API is at /v1 (POST /v1/audio/transcriptions, GET /v1/stream, GET /v1/models, GET /v1/stats).</p></body></html>";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly Assembly _assembly;
    private readonly FrozenDictionary<string, string> _resources;

    public EmbeddedSite(Assembly assembly)
    {
        _assembly = assembly;
        _resources = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..].Replace('\\', '/'), n => n, StringComparer.Ordinal);
    }

    /// <summary>Relative paths of the embedded files.</summary>
    public IEnumerable<string> Paths => _resources.Keys;

    /// <summary>The file at <paramref name="path"/> (index.html for an empty path), or null when there is none.</summary>
    public IResult? Serve(string? path)
    {
        string relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!_resources.TryGetValue(relative, out string? resource))
        {
            return relative == "index.html"
                ? Results.Content(PlaceholderPage, "text/html; charset=utf-8")
                : null;
        }

        var stream = _assembly.GetManifestResourceStream(resource)!;
        string contentType = ContentTypes.TryGetContentType(relative, out var type) ? type : "application/octet-stream";
        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "application/javascript" or "application/json" or "image/svg+xml")
        {
            contentType += "; charset=utf-8";
        }

        return Results.Stream(stream, contentType);
    }
}
