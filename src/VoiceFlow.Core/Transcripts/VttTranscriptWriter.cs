using System.Text;

namespace VoiceFlow.Core.Transcripts;

/// <summary>
/// WebVTT: the <c>WEBVTT</c> header, then cues <c>HH:MM:SS.mmm --&gt; HH:MM:SS.mmm</c> with escaped text; cues cut by
/// <see cref="SubtitleCues"/> (2 lines of 42 characters and 7 s by default).
/// </summary>
/// <param name="options">Cue limits; null for <see cref="SubtitleOptions.Default"/>.</param>
public sealed class VttTranscriptWriter(SubtitleOptions? options = null) : ITranscriptWriter
{
    private readonly SubtitleOptions _options = options ?? SubtitleOptions.Default;

    /// <inheritdoc />
    public string Format => "vtt";

    /// <inheritdoc />
    public void Write(TranscriptResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("WEBVTT\n\n");
        foreach (var cue in SubtitleCues.Build(result.Segments, _options))
        {
            output.Write($"{SubtitleTime.Format(cue.Start, '.')} --> {SubtitleTime.Format(cue.End, '.')}\n{Escape(string.Join('\n', cue.Lines))}\n\n");
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
