using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Model;
using VoiceFlow.Whisper.Tests.Support;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>
/// Steady-state decoding allocates nothing per token: a window decoded to 120 tokens allocates what one decoded to
/// 20 does, plus only the result (its tokens and text), greedy or beam search.
/// </summary>
public class DecodingAllocationTests
{
    /// <summary>The result's share per token: one token record in the window result and the segment, and its text.</summary>
    private const int ResultBytesPerToken = 256;

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void More_tokens_allocate_only_their_result(int beams)
    {
        var model = Golden.Model("test");
        var transcriber = new WhisperTranscriber(model);
        float[] audio = FixtureJob.Speech10();
        var options = FixtureJob.Options(beams > 1 ? WhisperSamplingStrategy.BeamSearch : WhisperSamplingStrategy.Greedy) with { BeamSize = beams };

        long Allocated(int tokens)
        {
            var o = options with { MaxTokensPerWindow = tokens };
            transcriber.Transcribe(audio, o, cancellationToken: TestContext.Current.CancellationToken); // warm: JIT, pools, scratch
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = transcriber.Transcribe(audio, o, cancellationToken: TestContext.Current.CancellationToken);
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(tokens + 1, result.Segments.Sum(s => s.Tokens.Count));
            return bytes;
        }

        long shortWindow = Allocated(20);
        long longWindow = Allocated(120);
        double perToken = (longWindow - shortWindow) / 100.0;
        Assert.True(perToken < ResultBytesPerToken, $"{perToken:F0} bytes per token beyond the result ({shortWindow} B for 20 tokens, {longWindow} B for 120)");
    }
}
