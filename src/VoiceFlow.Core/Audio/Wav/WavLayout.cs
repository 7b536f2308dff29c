namespace VoiceFlow.Core.Audio;

/// <summary>What the chunk walk found; the stream is left at the first data byte.</summary>
/// <param name="Container">"RIFF", "RF64" or "BW64".</param>
/// <param name="Format">The checked fmt chunk.</param>
/// <param name="DataBytes">Most bytes to read: checked against the file and cut to whole frames when the stream can seek, the header's claim otherwise (only a bound: nothing is allocated from it); null = until the stream ends.</param>
/// <param name="DeclaredDataBytes">The data size the header claimed, unless it was a placeholder (0 or 0xFFFFFFFF).</param>
/// <param name="Repairs">Lies and damage found so far, as sentences.</param>
internal sealed record WavLayout(string Container, WavFormat Format, long? DataBytes, long? DeclaredDataBytes, List<string> Repairs);
