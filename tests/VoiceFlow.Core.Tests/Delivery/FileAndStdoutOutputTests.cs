using VoiceFlow.Tests.Shared;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Desktop;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Delivery;

public class FileAndStdoutOutputTests
{
    [Fact]
    public async Task The_file_output_appends_one_dictation_per_line()
    {
        using var temp = new TempFolder();
        string path = temp.Write("notes.txt", "existing line\n");
        var output = TextOutputs.Create(new VoiceFlowOptions { Output = "file", OutputFile = path });

        await output.DeliverAsync("Hello there. ", TestContext.Current.CancellationToken);
        await output.DeliverAsync("second\nwith a break\u0007 ", TestContext.Current.CancellationToken);
        await output.DeliverAsync("   ", TestContext.Current.CancellationToken);

        Assert.Equal("existing line\nHello there.\nsecond with a break\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_text_format_appends_running_text()
    {
        using var temp = new TempFolder();
        string path = temp.Sub("doc.txt");
        var output = TextOutputs.Create(new VoiceFlowOptions { Output = "file", OutputFile = path, OutputFileFormat = "text" });

        await output.DeliverAsync("First sentence. ", TestContext.Current.CancellationToken);
        await output.DeliverAsync("Second\nline. ", TestContext.Current.CancellationToken);

        Assert.Equal("First sentence. Second\nline. ", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_file_in_a_missing_folder_is_a_delivery_error_naming_it()
    {
        var output = new FileTextOutput("/nonexistent-voiceflow-folder/out.txt");

        var error = await Assert.ThrowsAsync<TextOutputException>(() => output.DeliverAsync("text", TestContext.Current.CancellationToken));

        Assert.Contains("/nonexistent-voiceflow-folder/out.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdout_gets_one_flushed_line_without_escape_sequences()
    {
        using var writer = new StringWriter();
        var output = TextOutputs.Create(new VoiceFlowOptions(), writer);

        await output.DeliverAsync("\u001b]0;title\u0007Hello world. ", TestContext.Current.CancellationToken);

        Assert.Equal("stdout", output.Name);
        Assert.Equal("]0;titleHello world.\n", writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_factory_builds_each_output_and_rejects_a_file_output_without_a_file()
    {
        var session = DesktopSession.FromEnvironment(new Dictionary<string, string> { ["DISPLAY"] = ":0" });

        Assert.Equal(TextOutputs.Names, TextOutputs.Names.Where(n => n != "file")
            .Select(n => TextOutputs.Create(new VoiceFlowOptions { Output = n }, session: session).Name)
            .Append("file"));
        var error = Assert.Throws<ConfigurationException>(() => TextOutputs.Create(new VoiceFlowOptions { Output = "file" }));
        Assert.Contains("output_file", error.Message, StringComparison.Ordinal);
    }
}
