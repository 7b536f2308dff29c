using VoiceFlow.Whisper.Engine;

namespace VoiceFlow.Whisper.Store;

/// <summary>One model file found in the store.</summary>
/// <param name="Name">Catalog-style name derived from the file name (<c>ggml-tiny.en.bin</c> gives <c>tiny.en</c>).</param>
/// <param name="Path">Absolute path.</param>
/// <param name="Bytes">File size.</param>
public sealed record InstalledModel(string Name, string Path, long Bytes);

/// <summary>Where downloaded models live: <c>$XDG_DATA_HOME/voiceflow/models</c>, else <c>~/.local/share/voiceflow/models</c>.</summary>
public sealed class ModelStore
{
    /// <param name="directory">Folder to use; null for the XDG default.</param>
    public ModelStore(string? directory = null)
    {
        Directory = directory ?? WhisperModelLocator.DefaultModelsDirectory();
    }

    /// <summary>The models folder (may not exist yet).</summary>
    public string Directory { get; }

    /// <summary>Where a catalog model is stored.</summary>
    public string PathOf(WhisperModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Path.Combine(Directory, model.FileName);
    }

    /// <summary>The <c>*.bin</c> files in the store, by name (unfinished <c>.part</c> downloads are not listed).</summary>
    public IReadOnlyList<InstalledModel> ListInstalled()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.GetFiles(Directory, "*.bin")
            .Select(path => new FileInfo(path))
            .Select(info => new InstalledModel(NameOf(info.Name), info.FullName, info.Length))
            .OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    private static string NameOf(string fileName)
    {
        string name = fileName[..^4];
        return name.StartsWith("ggml-", StringComparison.Ordinal) ? name[5..] : name;
    }
}
