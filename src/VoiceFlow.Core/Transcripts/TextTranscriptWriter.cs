namespace VoiceFlow.Core.Transcripts;

/// <summary>Plain text: the whole transcript on one line.</summary>
public sealed class TextTranscriptWriter : ITranscriptWriter
{
    /// <inheritdoc />
    public string Format => "txt";

    /// <inheritdoc />
    public void Write(TranscriptResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(result.Text);
        output.Write('\n');
    }
}
