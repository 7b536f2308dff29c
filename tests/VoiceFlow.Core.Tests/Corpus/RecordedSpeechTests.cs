using VoiceFlow.Tests.Shared;
using VoiceFlow.Evaluation.Corpus;

namespace VoiceFlow.Core.Tests.Corpus;

public class RecordedSpeechTests
{
    [Fact]
    public void Reads_wav_and_raw_recordings_with_their_transcripts()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("set");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "set.fileids"), "one\ntwo\nmissing\n");
        File.WriteAllText(Path.Combine(folder, "set.transcription"), "<s> hello  there </s> (one)\nplain words (two)\n<s> gone </s> (missing)\n");
        File.WriteAllBytes(Path.Combine(folder, "one.raw"), [0x00, 0x40, 0x00, 0xC0]);
        File.WriteAllBytes(Path.Combine(folder, "two.raw"), new byte[3200]);

        var items = RecordedSpeech.Load(temp.Path);

        Assert.Equal(["set-one", "set-two"], items.Select(i => i.Id));
        Assert.Equal("hello there", items[0].ReferenceText);
        Assert.Equal("plain words", items[1].ReferenceText);
        Assert.Equal([0.5f, -0.5f], items[0].LoadSamples());
        Assert.Equal(0.1, items[1].DurationSeconds, 6);
        Assert.All(items, i => Assert.Equal(CorpusItemKind.Recorded, i.Kind));
    }

    [Fact]
    public void Debian_testdata_recordings_are_exposed_when_installed()
    {
        if (!Directory.Exists(RecordedSpeech.DefaultDataDirectory))
        {
            Assert.Skip("pocketsphinx-testdata is not installed");
        }

        var items = RecordedSpeech.Load();

        Assert.Contains(items, i => i.Id == "cards-001" && i.ReferenceText == "ten of clubs");
        Assert.Contains(items, i => i.Id == "librivox-sense_and_sensibility_01_austen_64kb-0880" && i.ReferenceText == "he was not an ill disposed young man");
        Assert.All(items, i => Assert.InRange(i.DurationSeconds, 0.5, 20));
    }

    [Fact]
    public void A_file_that_is_not_wav_is_a_clear_error()
    {
        using var temp = new TempFolder();
        string path = temp.Write("bad.wav", "not audio at all");
        var item = new CorpusItem("bad", path, "", "human", CorpusItemKind.Recorded, 0);

        var error = Assert.Throws<Errors.AudioFormatException>(() => item.LoadSamples());
        Assert.Contains("bad.wav", error.Message, StringComparison.Ordinal);
    }
}
