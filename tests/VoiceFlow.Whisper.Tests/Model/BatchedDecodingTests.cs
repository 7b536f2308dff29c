using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>Several states through the decoder as one batch give exactly the logits of decoding each on its own.</summary>
public class BatchedDecodingTests
{
    [Theory]
    [InlineData("test", 3)]
    [InlineData("tiny", 5)]
    [InlineData("test", 11)] // more states than one pass takes
    public void Batch_gives_the_logits_of_one_by_one(string modelTag, int states)
    {
        var model = Golden.Model(modelTag);
        int vocab = model.HyperParameters.NVocab;
        using var encoded = model.Encode(Golden.Mel("10s"), 0, 2);
        var batch = new WhisperDecoderState[states];
        var alone = new WhisperDecoderState[states];
        var tokens = new int[states];
        var logits = new float[vocab];
        try
        {
            for (int i = 0; i < states; i++)
            {
                // Different prompt lengths: each row attends to its own cache at its own position.
                int[] prompt = [50257, 50362, .. Enumerable.Range(300, i % 4).Select(t => t + i)];
                batch[i] = model.CreateDecoderState(encoded);
                alone[i] = model.CreateDecoderState(encoded);
                model.Decode(batch[i], prompt, logits, 2);
                alone[i].CopyFrom(batch[i]);
                tokens[i] = 1000 + (37 * i);
            }

            var batched = new float[states * vocab];
            for (int step = 0; step < 3; step++)
            {
                model.DecodeBatch(batch, tokens, batched, 2);
                for (int i = 0; i < states; i++)
                {
                    model.Decode(alone[i], [tokens[i]], logits, 2);
                    Assert.Equal(logits, batched.AsSpan(i * vocab, vocab).ToArray());
                    Assert.Equal(alone[i].Length, batch[i].Length);
                    tokens[i] = Argmax(logits);
                }
            }
        }
        finally
        {
            foreach (var s in batch.Concat(alone))
            {
                s?.Dispose();
            }
        }
    }

    [Fact]
    public void Bad_batches_fail_clearly()
    {
        var model = Golden.Model("test");
        int vocab = model.HyperParameters.NVocab;
        using var encoded = model.Encode(Golden.Mel("10s"), 0, 1);
        using var other = model.Encode(Golden.Mel("10s"), 0, 1);
        using var a = model.CreateDecoderState(encoded);
        using var b = model.CreateDecoderState(encoded);
        using var c = model.CreateDecoderState(other);
        var logits = new float[3 * vocab];
        Assert.Throws<ArgumentException>(() => model.DecodeBatch([], [], logits, 1));
        Assert.Throws<ArgumentException>(() => model.DecodeBatch([a, b], [1], logits, 1));
        Assert.Throws<ArgumentException>(() => model.DecodeBatch([a, b], [1, 2], new float[vocab], 1));
        Assert.Throws<ArgumentException>(() => model.DecodeBatch([a, a], [1, 2], logits, 1));
        Assert.Throws<ArgumentException>(() => model.DecodeBatch([a, c], [1, 2], logits, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.DecodeBatch([a, b], [1, 60000], logits, 1));
        Assert.Equal(0, a.Length);
    }

    private static int Argmax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
