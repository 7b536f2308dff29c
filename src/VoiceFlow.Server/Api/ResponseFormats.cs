using System.Text;
using Microsoft.AspNetCore.Http;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Transcripts;

namespace VoiceFlow.Server.Api;

/// <summary>OpenAI's <c>response_format</c> values.</summary>
internal enum ResponseFormat
{
    Json,
    Text,
    Srt,
    Vtt,
    VerboseJson,
}

/// <summary>Renders a result in each <see cref="ResponseFormat"/>; subtitles reuse the CLI's writers.</summary>
internal static class ResponseFormats
{
    public static IReadOnlyList<string> Names { get; } = ["json", "text", "srt", "vtt", "verbose_json"];

    public static bool TryParse(string? name, out ResponseFormat format)
    {
        format = name switch
        {
            null or "json" => ResponseFormat.Json,
            "text" => ResponseFormat.Text,
            "srt" => ResponseFormat.Srt,
            "vtt" => ResponseFormat.Vtt,
            "verbose_json" => ResponseFormat.VerboseJson,
            _ => (ResponseFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    /// <param name="result">The finished job.</param>
    /// <param name="format">The response format asked for.</param>
    /// <param name="words">Whether verbose_json lists words.</param>
    /// <param name="task">verbose_json's <c>task</c>: "transcribe" or "translate".</param>
    /// <param name="subtitles">How srt and vtt cut cues: the server's subtitle_* settings.</param>
    public static IResult Render(TranscriptionResult result, ResponseFormat format, bool words, string task, SubtitleOptions subtitles) => format switch
    {
        ResponseFormat.Json => Results.Json(new TranscriptionJson(result.Text), ServerJson.Default.TranscriptionJson),
        ResponseFormat.Text => Results.Text(result.Text + "\n", "text/plain; charset=utf-8", Encoding.UTF8),
        ResponseFormat.Srt => Results.Text(new SrtTranscriptWriter(subtitles).WriteToString(result.ToTranscript()), "application/x-subrip; charset=utf-8", Encoding.UTF8),
        ResponseFormat.Vtt => Results.Text(new VttTranscriptWriter(subtitles).WriteToString(result.ToTranscript()), "text/vtt; charset=utf-8", Encoding.UTF8),
        ResponseFormat.VerboseJson => Results.Json(Verbose(result, words, task), ServerJson.Default.VerboseTranscriptionJson),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown response format."),
    };

    /// <summary>OpenAI's verbose shape from our segments: times in seconds, token ids where the engine has them.</summary>
    public static VerboseTranscriptionJson Verbose(TranscriptionResult result, bool words, string task = "transcribe")
    {
        var transcript = result.ToTranscript();
        var segments = new List<VerboseSegmentJson>(transcript.Segments.Count);
        for (int i = 0; i < result.Segments.Count; i++)
        {
            var segment = result.Segments[i];
            var shape = transcript.Segments[i];
            segments.Add(new VerboseSegmentJson(
                i, 0, shape.Start, shape.End, shape.Text, [.. segment.Tokens.Select(t => t.Id)], 0,
                AverageLogProbability(segment.Tokens.Select(t => t.Probability)), 0,
                float.IsNaN(segment.NoSpeechProbability) ? 0 : segment.NoSpeechProbability));
        }

        IReadOnlyList<VerboseWordJson>? wordList = words
            ? [.. transcript.Segments.SelectMany(s => s.Words ?? []).Select(w => new VerboseWordJson(w.Word, w.Start, w.End))]
            : null;
        return new VerboseTranscriptionJson(task, result.Language, transcript.DurationS, result.Text, segments, wordList)
        {
            LanguageProbability = transcript.LanguageProbability,
        };
    }

    private static double AverageLogProbability(IEnumerable<float> probabilities)
    {
        double sum = 0;
        int count = 0;
        foreach (float p in probabilities)
        {
            if (p > 0 && float.IsFinite(p))
            {
                sum += Math.Log(p);
                count++;
            }
        }

        return count == 0 ? 0 : Math.Round(sum / count, 4);
    }
}
