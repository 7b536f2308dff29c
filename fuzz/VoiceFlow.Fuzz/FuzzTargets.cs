using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Ggml;

namespace VoiceFlow.Fuzz;

/// <summary>
/// The entry points under test. Each takes any bytes and returns null when it accepted them or the one-line refusal:
/// a <see cref="VoiceFlowException"/> is the correct answer to bad input; any other exception, a crash or a hang is a finding.
/// </summary>
internal static class FuzzTargets
{
    private static readonly float[] Block = new float[4096];

    /// <summary>The managed WAV reader: header, every block of data, and the description of the source.</summary>
    public static string? Wav(Stream input)
    {
        try
        {
            var source = WavReader.OpenAsync(input, "fuzz.wav").GetAwaiter().GetResult();
            while (source.ReadAsync(Block).AsTask().GetAwaiter().GetResult() > 0)
            {
            }

            _ = source.Describe();
            return null;
        }
        catch (VoiceFlowException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>The ggml loader (it maps a file, so the bytes go to a private temp file first); every tensor's bytes are read.</summary>
    public static string? Ggml(Stream input, string scratchPath)
    {
        using (var file = new FileStream(scratchPath, FileMode.Create, FileAccess.Write))
        {
            input.CopyTo(file);
        }

        try
        {
            using var model = GgmlModelFile.Open(scratchPath);
            long sum = 0;
            foreach (var tensor in model.Tensors.Values)
            {
                var bytes = tensor.Bytes;
                for (int i = 0; i < bytes.Length; i += 64)
                    sum += bytes[i];
            }

            GC.KeepAlive(sum);
            return null;
        }
        catch (VoiceFlowException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>A scratch file name private to this process.</summary>
    public static string ScratchPath() =>
        Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"voiceflow-fuzz-{Environment.ProcessId}.bin");
}
