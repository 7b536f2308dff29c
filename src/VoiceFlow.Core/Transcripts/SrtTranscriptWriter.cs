namespace VoiceFlow.Core.Transcripts;

/// <summary>SubRip subtitles: numbered cues from 1, <c>HH:MM:SS,mmm --&gt; HH:MM:SS,mmm</c>, a blank line after each.</summary>
public sealed class SrtTranscriptWriter : ITranscriptWriter
{
    /// <inheritdoc />
    public string Format => "srt";

    /// <inheritdoc />
    public void Write(TranscriptResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        int number = 0;
        foreach (var segment in result.Segments)
        {
            string text = SubtitleTime.CueText(segment.Text);
            if (text.Length == 0)
            {
                continue; // An empty cue is invalid SRT.
            }

            number++;
            output.Write($"{number}\n{SubtitleTime.Format(segment.Start, ',')} --> {SubtitleTime.Format(segment.End, ',')}\n{text}\n\n");
        }
    }
}
