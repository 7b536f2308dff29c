using System.Text.Json.Serialization;

namespace VoiceFlow.Dictation.Protocol;

/// <summary>Source-generated JSON for the socket protocol: snake_case names, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DictationRequest))]
[JsonSerializable(typeof(DictationResponse))]
[JsonSerializable(typeof(DictationStatus))]
internal sealed partial class DictationJsonContext : JsonSerializerContext;
