using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Model;
using VoiceFlow.Whisper.Tests.Support;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>Beam search and best-of sampling over batched decoder passes choose the same tokens as one state at a time.</summary>
public class BatchedSearchTests
{
    public static TheoryData<string, string> Searches => new()
    {
        { "tiny", "beam" },
        { "tiny", "bestof" },
        { "test", "beam" },
        { "test", "bestof" },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public void Batched_search_chooses_the_tokens_of_one_by_one(string modelTag, string search)
    {
        var model = Golden.Model(modelTag);
        float[] audio = FixtureJob.Speech10();
        var options = search == "beam"
            ? FixtureJob.Options(WhisperSamplingStrategy.BeamSearch) with { BeamSize = 5, MaxTokensPerWindow = 24 }
            : FixtureJob.Options(WhisperSamplingStrategy.Greedy) with { Temperature = 0.6f, BestOf = 5, MaxTokensPerWindow = 24 };

        var ct = TestContext.Current.CancellationToken;
        var batched = new WhisperTranscriber(model).Transcribe(audio, options, cancellationToken: ct);
        var alone = new WhisperTranscriber(new OneByOneModel(model)).Transcribe(audio, options, cancellationToken: ct);

        var expected = alone.Segments.SelectMany(s => s.Tokens).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(t => (t.Id, t.Probability)), batched.Segments.SelectMany(s => s.Tokens).Select(t => (t.Id, t.Probability)));
    }
}
