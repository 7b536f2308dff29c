using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceFlow.Server.Api;

/// <summary>Every JSON shape the server writes, snake_case as OpenAI's API and the page expect.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(TranscriptionJson))]
[JsonSerializable(typeof(VerboseTranscriptionJson))]
[JsonSerializable(typeof(ModelListJson))]
[JsonSerializable(typeof(HealthJson))]
[JsonSerializable(typeof(StatsJson))]
[JsonSerializable(typeof(StreamEventJson))]
[JsonSerializable(typeof(StreamControlJson))]
[JsonSerializable(typeof(TranscriptTextDeltaJson))]
[JsonSerializable(typeof(TranscriptTextDoneJson))]
[JsonSerializable(typeof(StreamedErrorJson))]
internal sealed partial class ServerJson : JsonSerializerContext;
