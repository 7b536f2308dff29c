using System.Text;

namespace VoiceFlow.Core.Transcripts;

/// <summary>WebVTT: the <c>WEBVTT</c> header, then cues <c>HH:MM:SS.mmm --&gt; HH:MM:SS.mmm</c> with escaped text.</summary>
public sealed class VttTranscriptWriter : ITranscriptWriter
{
    /// <inheritdoc />
    public string Format => "vtt";

    /// <inheritdoc />
    public void Write(TranscriptResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("WEBVTT\n\n");
        foreach (var segment in result.Segments)
        {
            string text = Escape(SubtitleTime.CueText(segment.Text));
            if (text.Length == 0)
            {
                continue;
            }

            output.Write($"{SubtitleTime.Format(segment.Start, '.')} --> {SubtitleTime.Format(segment.End, '.')}\n{text}\n\n");
        }
    }

    /// <summary>
    /// Escapes what WebVTT cue text reserves: '&amp;' and '&lt;' start entities and tags, and escaping '&gt;'
    /// also keeps "--&gt;" (which may not appear in a cue) out of the text.
    /// </summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
