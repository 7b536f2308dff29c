using System.Text;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Tests.Support;

/// <summary>Reads just the header and vocabulary of a ggml Whisper file (enough to test text handling without the model half).</summary>
internal static class GgmlVocabularyReader
{
    private static readonly Dictionary<string, (WhisperHyperParameters, List<byte[]>)> Cache = [];

    public static (WhisperHyperParameters HyperParameters, List<byte[]> Tokens) Read(string path)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(path, out var cached))
            {
                return cached;
            }

            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            Assert.Equal(0x67676d6cu, reader.ReadUInt32());
            var h = new int[11];
            for (var i = 0; i < h.Length; i++)
            {
                h[i] = reader.ReadInt32();
            }

            var hp = new WhisperHyperParameters(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10]);
            var nMel = reader.ReadInt32();
            var nFft = reader.ReadInt32();
            reader.BaseStream.Seek((long)nMel * nFft * 4, SeekOrigin.Current);
            var count = reader.ReadInt32();
            var tokens = new List<byte[]>(count);
            for (var i = 0; i < count; i++)
            {
                var length = reader.ReadInt32();
                tokens.Add(reader.ReadBytes(length));
            }

            var result = (hp, tokens);
            Cache[path] = result;
            return result;
        }
    }
}
