using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceFlow.Server.Realtime;

/// <summary>The Realtime API's server events, snake_case as OpenAI writes them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RealtimeErrorEvent))]
[JsonSerializable(typeof(RealtimeSessionEvent))]
[JsonSerializable(typeof(RealtimeBetaSessionEvent))]
[JsonSerializable(typeof(RealtimeSpeechStartedEvent))]
[JsonSerializable(typeof(RealtimeSpeechStoppedEvent))]
[JsonSerializable(typeof(RealtimeCommittedEvent))]
[JsonSerializable(typeof(RealtimeClearedEvent))]
[JsonSerializable(typeof(RealtimeTranscriptionDeltaEvent))]
[JsonSerializable(typeof(RealtimeTranscriptionCompletedEvent))]
[JsonSerializable(typeof(RealtimeTranscriptionFailedEvent))]
internal sealed partial class RealtimeJson : JsonSerializerContext;
