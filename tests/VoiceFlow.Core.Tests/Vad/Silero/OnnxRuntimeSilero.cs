using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>
/// ONNX Runtime running an official Silero file exactly as silero-vad's OnnxWrapper does at 16 kHz: the reference the
/// managed network is compared with on audio beyond the fixtures.
/// </summary>
internal static class OnnxRuntimeSilero
{
    public static float[] Probabilities(string modelPath, ReadOnlySpan<float> samples)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(modelPath, options);
        int chunks = (samples.Length + SileroModel.ChunkSamples - 1) / SileroModel.ChunkSamples;
        var probabilities = new float[chunks];
        var context = new float[SileroModel.ContextSamples];
        var state = new DenseTensor<float>([2, 1, 128]);
        var rate = new DenseTensor<long>(new long[] { 16000 }, []);
        for (int i = 0; i < chunks; i++)
        {
            var input = new DenseTensor<float>([1, SileroModel.ContextSamples + SileroModel.ChunkSamples]);
            var buffer = input.Buffer.Span;
            context.CopyTo(buffer);
            int start = i * SileroModel.ChunkSamples;
            var chunk = samples.Slice(start, Math.Min(SileroModel.ChunkSamples, samples.Length - start));
            chunk.CopyTo(buffer[SileroModel.ContextSamples..]);
            buffer[^SileroModel.ContextSamples..].CopyTo(context);
            using var results = session.Run(
            [
                NamedOnnxValue.CreateFromTensor("input", input),
                NamedOnnxValue.CreateFromTensor("state", state),
                NamedOnnxValue.CreateFromTensor("sr", rate),
            ]);
            probabilities[i] = results.First(r => r.Name == "output").AsTensor<float>().GetValue(0);
            var next = results.First(r => r.Name == "stateN").AsTensor<float>();
            state = new DenseTensor<float>(next.ToArray(), [2, 1, 128]);
        }

        return probabilities;
    }
}
