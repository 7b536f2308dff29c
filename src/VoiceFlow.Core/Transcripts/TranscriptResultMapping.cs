using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Transcripts;

/// <summary>Turns a service result into the shape written to files and APIs.</summary>
public static class TranscriptResultMapping
{
    /// <summary>Stage names as written in <c>stages</c>.</summary>
    public static string NameOf(PipelineStage stage) => stage switch
    {
        PipelineStage.Decode => "decode",
        PipelineStage.Validate => "validate",
        PipelineStage.Resample => "resample",
        PipelineStage.Vad => "vad",
        PipelineStage.Recognise => "recognise",
        PipelineStage.Postprocess => "postprocess",
        _ => stage.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The file-format view of <paramref name="result"/>: segments as the engine produced them, <c>text</c> after
    /// post-processing, and only the stages that were measured.
    /// </summary>
    public static TranscriptResult ToTranscript(this TranscriptionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stages = new Dictionary<string, TimeSpan>();
        foreach (var stage in StageTimings.Stages)
        {
            if (result.Stages.IsMeasured(stage))
            {
                stages[NameOf(stage)] = TimeSpan.FromMilliseconds(result.Stages[stage]);
            }
        }

        var transcript = TranscriptResult.Create(
            result.Source, result.Engine, result.Model, result.Language, result.AudioDuration, result.ProcessingTime, result.Segments, stages);
        return transcript with
        {
            Text = result.Text,
            Removed = result.Removed.Count == 0 ? null : [.. result.Removed.Select(r => new TranscriptRemoval(TranscriptResult.Seconds(r.Start), TranscriptResult.Seconds(r.End), r.Text, r.Kept, r.Reason))],
            LanguageProbability = float.IsNaN(result.LanguageProbability) ? null : Math.Round(result.LanguageProbability, 4),
        };
    }
}
