using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Alignment;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Tests.Alignment;

public class AlignmentHeadsTests
{
    private static WhisperHyperParameters Shape(int vocab, int state, int layers, int heads) =>
        new(vocab, 1500, state, heads, layers, 448, state, heads, layers, vocab >= 51866 ? 128 : 80, 1);

    [Theory]
    [InlineData(51864, 384, 4, 6, "tiny.en")]
    [InlineData(51865, 384, 4, 6, "tiny")]
    [InlineData(51864, 512, 6, 8, "base.en")]
    [InlineData(51865, 768, 12, 12, "small")]
    [InlineData(51864, 1024, 24, 16, "medium.en")]
    [InlineData(51865, 1280, 32, 20, "large-v2")]
    [InlineData(51866, 1280, 32, 20, "large-v3")]
    [InlineData(51866, 1280, 4, 20, "large-v3-turbo")]
    [InlineData(51865, 64, 2, 2, null)]
    public void Model_size_is_recognised_from_the_header(int vocab, int state, int layers, int heads, string? size) =>
        Assert.Equal(size, AlignmentHeads.ModelSize(Shape(vocab, state, layers, heads)));

    [Fact]
    public void Auto_takes_the_preset_of_the_size_or_the_upper_half_of_the_layers()
    {
        Assert.Equal([new(2, 4), new(2, 11), new(3, 3), new(3, 6), new(3, 11), new(3, 14)], AlignmentHeads.Resolve("auto", Shape(51866, 1280, 4, 20)));
        Assert.Equal(8, AlignmentHeads.Resolve("auto", Shape(51864, 384, 4, 6)).Count);
        Assert.Equal([new(1, 0), new(1, 1), new(2, 0), new(2, 1)], AlignmentHeads.Resolve("auto", Shape(51865, 64, 3, 2)));
        Assert.Equal(23, AlignmentHeads.Resolve("large-v2", Shape(51865, 1280, 32, 20)).Count);
        Assert.Equal(9, AlignmentHeads.Resolve("large-v1", Shape(51865, 1280, 32, 20)).Count);
    }

    [Fact]
    public void Custom_heads_are_layer_head_pairs_checked_against_the_model()
    {
        Assert.Equal([new(0, 1), new(1, 0)], AlignmentHeads.Resolve(" 0:1, 1:0 ,0:1", Shape(51865, 64, 2, 2)));
        var missing = Assert.Throws<UnsupportedOptionException>(() => AlignmentHeads.Resolve("2:0", Shape(51865, 64, 2, 2)));
        Assert.Contains("alignment head 2:0 (2:0) does not exist in this model (2 decoder layers of 2 heads)", missing.Message, StringComparison.Ordinal);
        var preset = Assert.Throws<UnsupportedOptionException>(() => AlignmentHeads.Resolve("large-v3", Shape(51865, 64, 2, 2)));
        Assert.Contains("does not exist", preset.Message, StringComparison.Ordinal);
        var malformed = Assert.Throws<UnsupportedOptionException>(() => AlignmentHeads.Resolve("huge", Shape(51865, 64, 2, 2)));
        Assert.Contains("neither auto, top-half, a preset", malformed.Message, StringComparison.Ordinal);
    }
}
