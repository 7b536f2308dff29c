namespace VoiceFlow.Core.PostProcessing;

/// <summary>What the hallucination filter removed from one segment, and why.</summary>
/// <param name="Start">Start of the segment, from the start of the input.</param>
/// <param name="End">End of the segment.</param>
/// <param name="Text">The segment's text as the engine gave it.</param>
/// <param name="Kept">What remains of it; empty when the segment was dropped.</param>
/// <param name="Reason">"annotation" (non-speech marks), "loop" (a repeated phrase or segment) or "invention" (a phrase engines invent on silence).</param>
public sealed record FilteredText(TimeSpan Start, TimeSpan End, string Text, string Kept, string Reason);
