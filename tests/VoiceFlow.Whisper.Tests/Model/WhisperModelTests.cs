using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Whisper.Tests.Model;

public class WhisperModelTests
{
    [Fact]
    public async Task Distinct_states_decode_concurrently_like_sequentially()
    {
        var model = Golden.Model("test");
        using var encoded = model.Encode(Golden.Mel("10s"), 0, 2);
        int[] tokens = [50257, 50362, 47626, 47626, 16134, 16134];
        float[] Run()
        {
            using var state = model.CreateDecoderState(encoded);
            var logits = new float[model.HyperParameters.NVocab];
            foreach (int t in tokens)
            {
                model.Decode(state, [t], logits, 2);
            }

            return logits;
        }

        float[] sequential = Run();
        var parallel = Enumerable.Range(0, 4).Select(_ => Task.Run(Run, TestContext.Current.CancellationToken)).ToArray();
        foreach (float[] result in await Task.WhenAll(parallel))
        {
            Assert.Equal(sequential, result);
        }
    }

    [Fact]
    public void Truncate_and_CopyFrom_reproduce_the_same_logits()
    {
        var model = Golden.Model("test");
        using var encoded = model.Encode(Golden.Mel("10s"), 0, 1);
        using var a = model.CreateDecoderState(encoded);
        using var b = model.CreateDecoderState(encoded);
        int n = model.HyperParameters.NVocab;
        float[] first = new float[n], again = new float[n], copied = new float[n];

        model.Decode(a, [50257, 50362], first, 1);
        model.Decode(a, [47626], first, 1);
        b.CopyFrom(a);
        Assert.Equal(3, b.Length);

        a.Truncate(2);
        model.Decode(a, [47626], again, 1);
        Assert.Equal(first, again);

        model.Decode(b, [16134], copied, 1);
        model.Decode(a, [16134], again, 1);
        Assert.Equal(again, copied);
    }

    [Fact]
    public void Bad_arguments_fail_clearly()
    {
        var model = Golden.Model("test");
        using var encoded = model.Encode(Golden.Mel("10s"), 0, 1);
        using var state = model.CreateDecoderState(encoded);
        var logits = new float[model.HyperParameters.NVocab];
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Decode(state, [60000], logits, 1));
        Assert.Throws<ArgumentException>(() => model.Decode(state, [1], new float[10], 1));
        Assert.Throws<ArgumentException>(() => model.Decode(state, new int[449], logits, 1));
        Assert.Throws<ModelFormatException>(() => WhisperModel.Load("/nonexistent/model.bin"));
    }

    [Fact]
    public void Encoding_past_the_end_of_the_mel_reads_zeros()
    {
        var model = Golden.Model("test");
        var mel = model.ComputeMel(new float[16000], 1);
        using var encoded = model.Encode(mel, mel.NFrames + 100, 1);
        Assert.All(encoded.Output.ToArray(), v => Assert.True(float.IsFinite(v)));
    }
}
