using System.Buffers;
using System.Text.Json.Nodes;

namespace VoiceFlow.Server.Wyoming;

/// <summary>
/// One Wyoming event: the header's <c>type</c>, its <c>data</c> with the additional data merged on top, and the binary
/// payload (a slice of the connection's buffer, valid until the reader advances).
/// </summary>
internal readonly record struct WyomingFrame(string Type, JsonObject Data, ReadOnlySequence<byte> Payload);

/// <summary>A frame that cannot be read: the message for the client, and whether the stream can still be followed.</summary>
internal sealed record WyomingFrameProblem(string Message, string Code, bool Fatal);
