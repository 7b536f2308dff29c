using System.Net;
using System.Text.Json.Nodes;
using VoiceFlow.Core.Errors;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Server.Tests.Support;
using VoiceFlow.Server.Wyoming;

namespace VoiceFlow.Server.Tests;

/// <summary>
/// <c>voiceflow serve --wyoming</c>: the Wyoming protocol Home Assistant speaks, driven by a client written from the
/// protocol's README.
/// </summary>
public sealed class WyomingTests(EngineFixture engine)
{
    internal static Task<TestServer> StartAsync(EngineFixture engine, MemoryHistory? history = null) =>
        TestServer.StartAsync(engine, o => o with { ServerWyoming = "tcp://127.0.0.1:0" }, history);

    internal static async Task<float[]> HelloAsync() =>
        (await RealtimeTestClient.LoadAsync(Path.Combine(Speech.RepositoryRootPath, "samples", "hello.wav"))).ToArray();

    [Fact]
    public async Task Describe_answers_info_with_one_installed_asr_program_and_its_model()
    {
        await using var server = await StartAsync(engine);
        using var client = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!);

        await client.SendAsync("describe");
        var info = await client.WaitForAsync("info");

        var program = Assert.Single(info["asr"]!.AsArray())!;
        Assert.True((bool)program["installed"]!);
        Assert.False(string.IsNullOrEmpty((string?)program["version"]));
        Assert.NotNull(program["attribution"]!["name"]);
        var model = Assert.Single(program["models"]!.AsArray())!;
        Assert.Equal("pocketsphinx", (string?)model["name"]);
        Assert.True((bool)model["installed"]!);
        Assert.Contains("en", model["languages"]!.AsArray().Select(l => (string?)l));
        Assert.NotNull(model["attribution"]!["url"]);
        // The HTTP side is the same server.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData(16_000, 2, 1)]
    [InlineData(44_100, 2, 2)]
    [InlineData(48_000, 3, 2)]
    [InlineData(22_050, 4, 1)]
    [InlineData(16_000, 1, 1)]
    public async Task Transcribe_audio_in_any_format_answers_a_transcript(int rate, int width, int channels)
    {
        var history = new MemoryHistory();
        await using var server = await StartAsync(engine, history);
        using var client = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!);

        await client.SendAudioAsync(PcmEncoder.Encode(await HelloAsync(), rate, width, channels), rate, width, channels);
        var transcript = await client.WaitForAsync("transcript");

        string text = (string)transcript["text"]!;
        Assert.InRange(Speech.Wer(Speech.HelloText, text), 0, width == 1 ? 0.5 : Speech.MaxWordErrorRate);
        var entry = Assert.Single(history.Entries);
        Assert.Equal(text, entry.Text);
        Assert.Equal("wyoming", entry.Source);
    }

    [Fact]
    public async Task One_connection_serves_several_transcriptions_in_turn()
    {
        await using var server = await StartAsync(engine);
        using var client = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!);
        byte[] pcm = PcmEncoder.Encode(await HelloAsync(), 16_000, 2, 1);

        for (int i = 0; i < 2; i++)
        {
            await client.SendAudioAsync(pcm, 16_000, 2, 1);
            Assert.InRange(Speech.Wer(Speech.HelloText, (string)(await client.WaitForAsync("transcript"))["text"]!), 0, Speech.MaxWordErrorRate);
        }
    }

    [Theory]
    [InlineData("tcp://0.0.0.0:10300", false, true)]
    [InlineData("tcp://192.168.1.5:10300", false, true)]
    [InlineData("tcp://0.0.0.0:10300", true, false)]
    [InlineData("tcp://127.0.0.1:10300", false, false)]
    [InlineData("tcp://localhost:10300", false, false)]
    [InlineData("http://127.0.0.1:10300", false, true)]
    [InlineData("tcp://127.0.0.1", false, true)]
    public void Beyond_loopback_needs_the_explicit_flag(string address, bool allowRemote, bool refused)
    {
        if (refused)
        {
            var error = Assert.Throws<ConfigurationException>(() => WyomingAddress.Check(address, allowRemote));
            Assert.Contains("server_wyoming", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.NotNull(WyomingAddress.Check(address, allowRemote));
        }
    }
}
