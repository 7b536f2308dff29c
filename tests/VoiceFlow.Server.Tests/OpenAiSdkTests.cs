using System.ClientModel;
using OpenAI;
using OpenAI.Audio;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>A client nobody here wrote: the official OpenAI .NET SDK pointed at the local server.</summary>
public sealed class OpenAiSdkTests(EngineFixture engine)
{
    [Fact]
    public async Task The_openai_sdk_transcribes_a_corpus_sentence_through_the_local_server()
    {
        var sentence = Speech.CleanSentences(1).Single();
        await using var server = await TestServer.StartAsync(engine, o => o with { ApiKey = "sdk-key-12345678" });
        var client = new OpenAIClient(new ApiKeyCredential("sdk-key-12345678"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") });
        var audio = client.GetAudioClient("whisper-1");

        await using var file = File.OpenRead(sentence.Path);
        AudioTranscription transcription = await audio.TranscribeAudioAsync(file, "sentence.wav", new AudioTranscriptionOptions { Language = "en" }, TestContext.Current.CancellationToken);

        Assert.InRange(Speech.Wer(sentence.ReferenceText, transcription.Text), 0, Speech.MaxWordErrorRate);
    }

    [Fact]
    public async Task The_openai_sdk_reads_verbose_segments_and_words()
    {
        await using var server = await TestServer.StartAsync(engine);
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") });
        var audio = client.GetAudioClient("whisper-1");
        using var stream = new MemoryStream(Speech.Hello);

        AudioTranscription transcription = await audio.TranscribeAudioAsync(stream, "hello.wav", new AudioTranscriptionOptions
        {
            ResponseFormat = AudioTranscriptionFormat.Verbose,
            TimestampGranularities = AudioTimestampGranularities.Word | AudioTimestampGranularities.Segment,
        }, TestContext.Current.CancellationToken);

        Assert.InRange(Speech.Wer(Speech.HelloText, transcription.Text), 0, Speech.MaxWordErrorRate);
        Assert.NotEmpty(transcription.Segments);
        Assert.InRange(transcription.Words.Count, 8, 12);
        Assert.True(transcription.Duration > TimeSpan.FromSeconds(3));
    }
}
