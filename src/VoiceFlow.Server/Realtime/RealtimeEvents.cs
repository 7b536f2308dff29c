using System.Text.Json.Serialization;

namespace VoiceFlow.Server.Realtime;

// The server events of OpenAI's Realtime API in transcription mode, field for field (snake_case through RealtimeJson).

/// <summary><c>error</c>: <c>{"type":"error","error":{"type","code","message","param","event_id"}}</c>.</summary>
internal sealed record RealtimeErrorEvent(string EventId, string Type, RealtimeErrorJson Error);

internal sealed record RealtimeErrorJson(
    string Type,
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? EventId);

/// <summary><c>session.created</c> / <c>session.updated</c> (the current shape).</summary>
internal sealed record RealtimeSessionEvent(string EventId, string Type, RealtimeSessionJson Session);

internal sealed record RealtimeSessionJson(string Type, string Id, string Object, RealtimeSessionAudioJson Audio, IReadOnlyList<string> Include);

internal sealed record RealtimeSessionAudioJson(RealtimeSessionInputJson Input);

internal sealed record RealtimeSessionInputJson(
    RealtimeAudioFormatJson Format,
    RealtimeTranscriptionJson Transcription,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] RealtimeTurnDetectionJson? TurnDetection,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] RealtimeNoiseReductionJson? NoiseReduction);

internal sealed record RealtimeAudioFormatJson(string Type, int? Rate);

internal sealed record RealtimeTranscriptionJson(string Model, string? Language, string? Prompt);

internal sealed record RealtimeTurnDetectionJson(string Type, double Threshold, int PrefixPaddingMs, int SilenceDurationMs);

internal sealed record RealtimeNoiseReductionJson(string Type);

/// <summary><c>transcription_session.updated</c> (the older shape, answered to <c>transcription_session.update</c>).</summary>
internal sealed record RealtimeBetaSessionEvent(string EventId, string Type, RealtimeBetaSessionJson Session);

internal sealed record RealtimeBetaSessionJson(
    string Id,
    string Object,
    string InputAudioFormat,
    RealtimeTranscriptionJson InputAudioTranscription,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] RealtimeTurnDetectionJson? TurnDetection,
    IReadOnlyList<string> Modalities);

internal sealed record RealtimeSpeechStartedEvent(string EventId, string Type, long AudioStartMs, string ItemId);

internal sealed record RealtimeSpeechStoppedEvent(string EventId, string Type, long AudioEndMs, string ItemId);

internal sealed record RealtimeCommittedEvent(
    string EventId,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PreviousItemId,
    string ItemId);

internal sealed record RealtimeClearedEvent(string EventId, string Type);

internal sealed record RealtimeTranscriptionDeltaEvent(string EventId, string Type, string ItemId, int ContentIndex, string Delta);

internal sealed record RealtimeTranscriptionCompletedEvent(string EventId, string Type, string ItemId, int ContentIndex, string Transcript, RealtimeUsageJson Usage);

/// <summary>Usage by duration: whole seconds, rounded up, as OpenAI bills (its SDKs read an integer).</summary>
internal sealed record RealtimeUsageJson(string Type, long Seconds);

internal sealed record RealtimeTranscriptionFailedEvent(string EventId, string Type, string ItemId, int ContentIndex, RealtimeErrorJson Error);
