using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>
/// The worker pool splits a step's loops between the caller and the helpers as they happen to be free (on a busy
/// machine the caller may do everything): the numbers must not depend on that split.
/// </summary>
public class ThreadSplitTests
{
    [Fact]
    public void Encoder_output_and_logits_are_the_same_on_one_two_and_four_threads()
    {
        var model = Golden.Model("tiny");
        int vocab = model.HyperParameters.NVocab;
        float[]? reference = null;
        float[]? referenceEncoded = null;
        foreach (int threads in new[] { 1, 2, 4, 2 })
        {
            using var encoded = model.Encode(Golden.Mel("10s"), 0, threads);
            var states = new WhisperDecoderState[3];
            var logits = new float[(states.Length + 1) * vocab];
            try
            {
                for (int i = 0; i < states.Length; i++)
                {
                    states[i] = model.CreateDecoderState(encoded);
                    model.Decode(states[i], [50257, 50362, 300 + i], logits.AsSpan(i * vocab, vocab), threads);
                }

                model.DecodeBatch(states, [1000, 1001, 1002], logits.AsSpan(vocab * 0, states.Length * vocab), threads);
                model.Decode(states[0], [1003], logits.AsSpan(states.Length * vocab, vocab), threads);
            }
            finally
            {
                foreach (var s in states)
                {
                    s?.Dispose();
                }
            }

            float[] output = encoded.Output.ToArray();
            reference ??= logits;
            referenceEncoded ??= output;
            Assert.Equal(referenceEncoded, output);
            Assert.Equal(reference, logits);
        }
    }
}
