using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Api;

/// <summary>
/// <c>GET /v1/models</c>: the model this server has loaded, under the engine's name, and the OpenAI model names
/// accepted as aliases of it (so clients configured for OpenAI work unchanged).
/// </summary>
internal static class ModelsEndpoint
{
    /// <summary>The name OpenAI clients send by default; accepted as an alias of the loaded model.</summary>
    public const string OpenAiDefaultModel = "whisper-1";

    /// <summary>OpenAI's transcription models: each names the loaded model here.</summary>
    public static IReadOnlyList<string> OpenAiAliases { get; } = [OpenAiDefaultModel, "gpt-4o-transcribe", "gpt-4o-mini-transcribe"];

    private static readonly long Started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string ModelId(ServerContext server) => server.Service.EngineName;

    public static ModelListJson List(ServerContext server) =>
        new("list", [.. new[] { ModelId(server) }.Concat(OpenAiAliases)
            .Select(id => new ModelJson(id, "model", Started, "voiceflow", server.Service.EngineName, server.Service.ModelName))]);

    /// <summary>
    /// Whether a request's <c>model</c> names what is loaded: absent, the engine's name, the model's name, or one of
    /// <see cref="OpenAiAliases"/>.
    /// </summary>
    public static bool Serves(ServerContext server, string? model) =>
        model is null
        || OpenAiAliases.Contains(model, StringComparer.OrdinalIgnoreCase)
        || string.Equals(model, server.Service.EngineName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(model, server.Service.ModelName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The error for a model that is not served, with the names that are.</summary>
    public static ApiError NotServed(ServerContext server, string? model) => ApiError.BadRequest(
        $"model '{model}' is not loaded; this server serves '{ModelId(server)}' (also as {string.Join(", ", OpenAiAliases)}; see GET /v1/models)", "model", "model_not_found");
}
