using System.Reflection;
using System.Text.Json.Nodes;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Wyoming;

/// <summary>The <c>info</c> answer to <c>describe</c>: one ASR program (VoiceFlow) with the loaded model and its languages.</summary>
internal static class WyomingInfo
{
    private static readonly string Version = typeof(WyomingInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static JsonObject Build(ServerContext server, IReadOnlyList<string> languages)
    {
        JsonObject Attribution() => new() { ["name"] = "VoiceFlow", ["url"] = "" };
        var model = new JsonObject
        {
            ["name"] = server.Service.EngineName,
            ["description"] = $"{server.Service.EngineName} {Path.GetFileName(server.Service.ModelName)}".Trim(),
            ["attribution"] = Attribution(),
            ["installed"] = true,
            ["version"] = Version,
            ["languages"] = new JsonArray([.. languages.Select(l => (JsonNode)JsonValue.Create(l))]),
        };
        var program = new JsonObject
        {
            ["name"] = "voiceflow",
            ["description"] = "VoiceFlow local speech to text",
            ["attribution"] = Attribution(),
            ["installed"] = true,
            ["version"] = Version,
            ["models"] = new JsonArray(model),
            ["supports_transcript_streaming"] = false,
        };
        return new JsonObject
        {
            ["asr"] = new JsonArray(program),
            ["tts"] = new JsonArray(),
            ["handle"] = new JsonArray(),
            ["intent"] = new JsonArray(),
            ["wake"] = new JsonArray(),
        };
    }
}
