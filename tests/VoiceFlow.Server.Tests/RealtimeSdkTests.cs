// OpenAI marks its Realtime client as for evaluation (OPENAI002): it is exactly what this test exercises.
#pragma warning disable OPENAI002
using System.Buffers.Binary;
using System.ClientModel;
using OpenAI.Realtime;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>The official OpenAI .NET SDK's Realtime client in a transcription session against the local server.</summary>
public sealed class RealtimeSdkTests(EngineFixture engine)
{
    [Fact]
    public async Task The_openai_sdk_transcription_session_gets_speech_events_and_the_transcript()
    {
        const string Key = "sdk-realtime-12345678";
        await using var server = await TestServer.StartAsync(engine, o => o with { ApiKey = Key });
        var client = new RealtimeClient(new ApiKeyCredential(Key), new RealtimeClientOptions { Endpoint = new Uri(server.Address, "/v1") });
        var ct = TestContext.Current.CancellationToken;
        using var session = await client.StartTranscriptionSessionAsync(cancellationToken: ct);

        await session.ConfigureTranscriptionSessionAsync(new RealtimeTranscriptionSessionOptions
        {
            AudioOptions = new RealtimeTranscriptionSessionAudioOptions
            {
                InputAudioOptions = new RealtimeTranscriptionSessionInputAudioOptions
                {
                    AudioFormat = new RealtimePcmAudioFormat { Rate = 24000 },
                    AudioTranscriptionOptions = new RealtimeAudioTranscriptionOptions { Model = "gpt-4o-mini-transcribe", Language = "en" },
                    TurnDetection = new RealtimeServerVadTurnDetection
                    {
                        DetectionThreshold = 0.5f,
                        PrefixPadding = TimeSpan.FromMilliseconds(300),
                        SilenceDuration = TimeSpan.FromMilliseconds(500),
                    },
                },
            },
        }, ct);

        var hello = await RealtimeTestClient.LoadAsync(Path.Combine(Speech.RepositoryRootPath, "samples", "hello.wav"));
        float[] audio = [.. VoiceFlow.Core.Audio.Resampler.Resample(hello.Span, 16_000, 24_000), .. new float[24_000 * 2]];
        byte[] pcm = new byte[audio.Length * 2];
        for (int i = 0; i < audio.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * i), (short)Math.Clamp(Math.Round(audio[i] * 32767), short.MinValue, short.MaxValue));
        }

        await session.SendInputAudioAsync(BinaryData.FromBytes(pcm), ct);

        bool sessionUpdated = false;
        string? startedItem = null;
        string? committedItem = null;
        string? transcript = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        await foreach (var update in session.ReceiveUpdatesAsync(timeout.Token))
        {
            switch (update)
            {
                case RealtimeServerUpdateSessionUpdated:
                    sessionUpdated = true;
                    break;
                case RealtimeServerUpdateInputAudioBufferSpeechStarted started:
                    startedItem = started.ItemId;
                    break;
                case RealtimeServerUpdateInputAudioBufferCommitted committed:
                    committedItem = committed.ItemId;
                    break;
                case RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted completed:
                    Assert.Equal(committedItem, completed.ItemId);
                    transcript = completed.Transcript;
                    break;
                case RealtimeServerUpdateError error:
                    Assert.Fail($"error event: {error.Error.Code} {error.Error.Message}");
                    break;
            }

            if (transcript is not null)
            {
                break;
            }
        }

        Assert.True(sessionUpdated);
        Assert.NotNull(startedItem);
        Assert.Equal(startedItem, committedItem);
        Assert.InRange(Speech.Wer(Speech.HelloText, transcript!), 0, Speech.MaxWordErrorRate);
    }
}
