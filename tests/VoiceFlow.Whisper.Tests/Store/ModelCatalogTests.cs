using VoiceFlow.Tests.Shared;
using VoiceFlow.Whisper.Store;

namespace VoiceFlow.Whisper.Tests.Store;

public class ModelCatalogTests
{
    [Theory]
    [InlineData("tiny.en")]
    [InlineData("ggml-tiny.en")]
    [InlineData("ggml-tiny.en.bin")]
    [InlineData("/some/dir/ggml-tiny.en.bin")]
    public void Finds_models_by_name_or_file_name(string name)
    {
        var model = WhisperModelCatalog.Find(name);
        Assert.NotNull(model);
        Assert.Equal("tiny.en", model.Name);
        Assert.Equal(new Uri("https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny.en.bin"), model.Url);
        Assert.Equal("c78c86eb1a8faa21b369bcd33207cc90d64ae9df", model.Sha1);
    }

    [Fact]
    public void Lists_the_standard_sizes_with_unique_names_and_well_formed_hashes()
    {
        string[] required = ["tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en", "large-v3", "large-v3-turbo"];
        Assert.All(required, name => Assert.NotNull(WhisperModelCatalog.Find(name)));
        Assert.Equal(WhisperModelCatalog.All.Count, WhisperModelCatalog.All.Select(m => m.Name).Distinct().Count());
        Assert.All(WhisperModelCatalog.All.Where(m => m.Sha1 is not null), m => Assert.Matches("^[0-9a-f]{40}$", m.Sha1!));
        Assert.Contains(WhisperModelCatalog.All, m => m.IsQuantized);
        Assert.Null(WhisperModelCatalog.Find("huge"));
    }

    [Fact]
    public void Store_lists_bin_files_by_name_and_skips_partial_downloads()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Sub("ggml-base.en.bin"), new byte[10]);
        File.WriteAllBytes(temp.Sub("custom.bin"), new byte[3]);
        File.WriteAllBytes(temp.Sub("ggml-small.bin.part"), new byte[5]);

        var installed = new ModelStore(temp.Path).ListInstalled();

        Assert.Equal([("base.en", 10L), ("custom", 3L)], installed.Select(m => (m.Name, m.Bytes)));
        Assert.Empty(new ModelStore(temp.Sub("missing")).ListInstalled());
    }
}
