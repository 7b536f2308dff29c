using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Platform;

namespace VoiceFlow.Whisper.Engine;

/// <summary>
/// Finds Whisper ggml model files: an explicit path, a name in the models directory
/// ($XDG_DATA_HOME/voiceflow/models, else ~/.local/share/voiceflow/models), or the best default found there.
/// </summary>
public static class WhisperModelLocator
{
    /// <summary>Default models, most preferred first: small and English-only suit dictation.</summary>
    private static readonly string[] Preferred =
    [
        "ggml-base.en.bin", "ggml-base.bin", "ggml-small.en.bin", "ggml-small.bin", "ggml-tiny.en.bin", "ggml-tiny.bin",
        "ggml-large-v3-turbo.bin", "ggml-medium.en.bin", "ggml-medium.bin",
    ];

    /// <summary>The models directory for the given environment (null reader = the process environment).</summary>
    /// <remarks>
    /// An environment without a usable XDG_DATA_HOME or HOME (a test's, a sandbox's) falls back to the account's home,
    /// as the process's own does: a model is read from there, never written without a command asking for it.
    /// </remarks>
    /// <exception cref="ConfigurationException">No data folder can be found at all.</exception>
    public static string DefaultModelsDirectory(Func<string, string?>? environment = null) =>
        (environment is null ? null : XdgDirectories.From(environment).ModelsDirectory)
        ?? XdgDirectories.Process.ModelsDirectory
        ?? throw new ConfigurationException("no models folder: neither XDG_DATA_HOME nor HOME is set to an absolute path; pass the model file's path");

    /// <summary>
    /// Resolves <paramref name="modelPathOrName"/> (a file path, a model name such as "base.en", or null for the
    /// default) to an existing file. On failure <paramref name="reason"/> says what is missing and how to get it.
    /// </summary>
    public static bool TryResolve(string? modelPathOrName, string modelsDirectory, out string path, out string reason)
    {
        ArgumentNullException.ThrowIfNull(modelsDirectory);
        path = string.Empty;
        reason = string.Empty;
        if (string.IsNullOrWhiteSpace(modelPathOrName))
        {
            var found = Directory.Exists(modelsDirectory)
                ? Preferred.Select(name => Path.Combine(modelsDirectory, name)).FirstOrDefault(File.Exists)
                  ?? Directory.EnumerateFiles(modelsDirectory, "ggml-*.bin").Order(StringComparer.Ordinal).FirstOrDefault()
                : null;
            if (found is null)
            {
                reason = $"no Whisper model in {modelsDirectory}: put a ggml model there (e.g. ggml-base.en.bin from " +
                         "huggingface.co/ggerganov/whisper.cpp) or pass --model <file>";
                return false;
            }

            path = found;
            return true;
        }

        if (Directory.Exists(modelPathOrName))
        {
            reason = $"Whisper model '{modelPathOrName}' is a directory; pass the ggml .bin file inside it";
            return false;
        }

        if (File.Exists(modelPathOrName))
        {
            path = Path.GetFullPath(modelPathOrName);
            return true;
        }

        var isBareName = modelPathOrName.IndexOfAny(['/', '\\']) < 0;
        if (isBareName)
        {
            foreach (var candidate in new[] { modelPathOrName, $"ggml-{modelPathOrName}.bin", $"{modelPathOrName}.bin" })
            {
                var full = Path.Combine(modelsDirectory, candidate);
                if (File.Exists(full))
                {
                    path = full;
                    return true;
                }
            }

            reason = $"Whisper model '{modelPathOrName}' not found as a file nor as ggml-{modelPathOrName}.bin in {modelsDirectory}";
            return false;
        }

        reason = $"Whisper model file '{modelPathOrName}' does not exist";
        return false;
    }
}
