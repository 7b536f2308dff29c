namespace VoiceFlow.Dictation.Protocol;

/// <summary>One request line: <c>{"command":"end"}</c>.</summary>
/// <param name="Command">One of <see cref="DictationCommands"/>.</param>
public sealed record DictationRequest(string Command);
