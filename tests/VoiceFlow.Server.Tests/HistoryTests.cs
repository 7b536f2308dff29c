using System.Net;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>Every transcription the server makes lands in the history store.</summary>
public sealed class HistoryTests(EngineFixture engine)
{
    [Fact]
    public async Task A_transcription_request_lands_in_history_with_its_file_name_and_text()
    {
        var history = new MemoryHistory();
        await using var server = await TestServer.StartAsync(engine, history: history);
        var response = await server.TranscribeAsync(Speech.Hello);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = Assert.Single(history.Entries);
        Assert.Equal("server", entry.Kind);
        Assert.Equal("speech.wav", entry.Source);
        Assert.Equal("pocketsphinx", entry.Engine);
        Assert.InRange(Speech.Wer(Speech.HelloText, entry.Text), 0, Speech.MaxWordErrorRate);
        Assert.InRange(entry.AudioDuration.TotalSeconds, 3.5, 3.7);
    }
}
