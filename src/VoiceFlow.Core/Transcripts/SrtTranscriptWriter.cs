namespace VoiceFlow.Core.Transcripts;

/// <summary>
/// SubRip subtitles: numbered cues from 1, <c>HH:MM:SS,mmm --&gt; HH:MM:SS,mmm</c>, a blank line after each; cues cut
/// by <see cref="SubtitleCues"/> (2 lines of 42 characters and 7 s by default).
/// </summary>
/// <param name="options">Cue limits; null for <see cref="SubtitleOptions.Default"/>.</param>
public sealed class SrtTranscriptWriter(SubtitleOptions? options = null) : ITranscriptWriter
{
    private readonly SubtitleOptions _options = options ?? SubtitleOptions.Default;

    /// <inheritdoc />
    public string Format => "srt";

    /// <inheritdoc />
    public void Write(TranscriptResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        int number = 0;
        foreach (var cue in SubtitleCues.Build(result.Segments, _options))
        {
            number++;
            output.Write($"{number}\n{SubtitleTime.Format(cue.Start, ',')} --> {SubtitleTime.Format(cue.End, ',')}\n{string.Join('\n', cue.Lines)}\n\n");
        }
    }
}
