namespace VoiceFlow.Core.Transcripts;

/// <summary>Writes a <see cref="TranscriptResult"/> in one output format.</summary>
public interface ITranscriptWriter
{
    /// <summary>Format name as given to <c>--format</c>, also the file extension ("txt", "json", "srt", "vtt").</summary>
    string Format { get; }

    /// <summary>Writes <paramref name="result"/> to <paramref name="output"/> with "\n" line ends.</summary>
    void Write(TranscriptResult result, TextWriter output);
}
