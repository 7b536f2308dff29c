using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Tests;

public class SegmentTests
{
    [Fact]
    public void Shift_moves_segment_tokens_and_words_by_the_offset()
    {
        var segment = new Segment("hi there", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 0.9f,
            [new SegmentToken(7, "hi", 0.8f, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5))],
            [new WordTiming("there", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2), 0.7f)]);

        var shifted = segment.Shift(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(11), shifted.Start);
        Assert.Equal(TimeSpan.FromSeconds(12), shifted.End);
        Assert.Equal(TimeSpan.FromSeconds(11), shifted.Tokens[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(11.5), shifted.Words[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(1), segment.Start);
    }
}
