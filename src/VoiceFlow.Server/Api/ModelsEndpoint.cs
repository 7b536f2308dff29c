using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Api;

/// <summary><c>GET /v1/models</c>: the model this server has loaded, under the engine's name.</summary>
internal static class ModelsEndpoint
{
    /// <summary>The name OpenAI clients send by default; accepted as an alias of the loaded model.</summary>
    public const string OpenAiDefaultModel = "whisper-1";

    private static readonly long Started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string ModelId(ServerContext server) => server.Service.EngineName;

    public static ModelListJson List(ServerContext server) =>
        new("list", [new ModelJson(ModelId(server), "model", Started, "voiceflow", server.Service.EngineName, server.Service.ModelName)]);

    /// <summary>
    /// Whether a request's <c>model</c> names what is loaded: absent, the engine's name, the model's name, or
    /// <see cref="OpenAiDefaultModel"/> (so unmodified OpenAI clients work).
    /// </summary>
    public static bool Serves(ServerContext server, string? model) =>
        model is null
        || model == OpenAiDefaultModel
        || string.Equals(model, server.Service.EngineName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(model, server.Service.ModelName, StringComparison.OrdinalIgnoreCase);
}
