using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>
/// The encoder's scratch is returned early (packing freed before the cross keys and values, the workspace after the
/// window) unless it is kept between windows: the numbers must be the same either way, window after window.
/// </summary>
public class EncoderWorkspaceReuseTests
{
    [Fact]
    public void Encoder_output_and_logits_are_the_same_whether_the_workspace_is_kept_or_freed()
    {
        using var kept = WhisperModel.Load(Fixtures.ModelForTag("tiny"), new WhisperLoadOptions { KeepEncoderWorkspace = true });
        using var freed = WhisperModel.Load(Fixtures.ModelForTag("tiny"), new WhisperLoadOptions { KeepEncoderWorkspace = false });
        var mel = Golden.Mel("10s");
        for (int window = 0; window < 3; window++)
        {
            var (keptOutput, keptLogits) = Run(kept, mel);
            var (freedOutput, freedLogits) = Run(freed, mel);
            Assert.Equal(keptOutput, freedOutput);
            Assert.Equal(keptLogits, freedLogits);
        }
    }

    private static (float[] Output, float[] Logits) Run(WhisperModel model, MelSpectrogram mel)
    {
        using var encoded = model.Encode(mel, 0, 2);
        using var state = model.CreateDecoderState(encoded);
        var logits = new float[model.HyperParameters.NVocab];

        // The logits read the cross keys and values, which are written after the packing is freed.
        model.Decode(state, [50257, 50362, 300], logits, 2);
        return (encoded.Output.ToArray(), logits);
    }
}
