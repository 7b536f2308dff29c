using System.Buffers.Binary;
using VoiceFlow.Server.Streaming;

namespace VoiceFlow.Server.Tests;

/// <summary>WebSocket frames may split a sample anywhere; decoding is the same however the bytes are cut.</summary>
public sealed class PcmFrameDecoderTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 3)]
    [InlineData(false, 640)]
    [InlineData(true, 1)]
    [InlineData(true, 5)]
    [InlineData(true, 1279)]
    public void Frames_cut_at_any_byte_decode_to_the_same_samples(bool float32, int frameBytes)
    {
        var encoding = float32 ? StreamEncoding.Float32 : StreamEncoding.Pcm16;
        var expected = Enumerable.Range(0, 1000).Select(i => MathF.Round(MathF.Sin(i * 0.05f) * 0.9f * 32767f) / 32768f).ToArray();
        byte[] bytes = Encode(expected, encoding);

        var decoder = new PcmFrameDecoder(encoding);
        var decoded = new List<float>();
        for (int offset = 0; offset < bytes.Length; offset += frameBytes)
        {
            var frame = bytes.AsSpan(offset, Math.Min(frameBytes, bytes.Length - offset));
            float[] destination = new float[decoder.SamplesFor(frame.Length)];
            int written = decoder.Decode(frame, destination);
            Assert.Equal(destination.Length, written);
            decoded.AddRange(destination);
        }

        Assert.Equal(expected, decoded);
    }

    private static byte[] Encode(float[] samples, StreamEncoding encoding)
    {
        int size = encoding == StreamEncoding.Float32 ? 4 : 2;
        byte[] bytes = new byte[samples.Length * size];
        for (int i = 0; i < samples.Length; i++)
        {
            if (encoding == StreamEncoding.Float32)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), samples[i]);
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)MathF.Round(samples[i] * 32768f));
            }
        }

        return bytes;
    }
}
