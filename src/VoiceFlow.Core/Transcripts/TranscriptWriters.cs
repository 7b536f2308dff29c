using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Transcripts;

/// <summary>The output formats and a lookup by name.</summary>
public static class TranscriptWriters
{
    /// <summary>Every writer, in the order formats are listed to users.</summary>
    public static IReadOnlyList<ITranscriptWriter> All { get; } =
        [new TextTranscriptWriter(), new JsonTranscriptWriter(), new SrtTranscriptWriter(), new VttTranscriptWriter()];

    /// <summary>The writer for <paramref name="format"/> (case-insensitive).</summary>
    /// <exception cref="ConfigurationException">Unknown format; the message lists the known ones.</exception>
    public static ITranscriptWriter For(string format) =>
        All.FirstOrDefault(w => string.Equals(w.Format, format, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException($"unknown output format '{format}' (allowed: {string.Join(", ", All.Select(w => w.Format))})");

    /// <summary>The writer for <paramref name="format"/>, subtitles cut with <paramref name="subtitles"/>.</summary>
    /// <exception cref="ConfigurationException">Unknown format; the message lists the known ones.</exception>
    public static ITranscriptWriter For(string format, SubtitleOptions subtitles) => For(format) switch
    {
        SrtTranscriptWriter => new SrtTranscriptWriter(subtitles),
        VttTranscriptWriter => new VttTranscriptWriter(subtitles),
        var other => other,
    };

    /// <summary>Writes <paramref name="result"/> to a string.</summary>
    public static string WriteToString(this ITranscriptWriter writer, TranscriptResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var output = new StringWriter { NewLine = "\n" };
        writer.Write(result, output);
        return output.ToString();
    }
}
