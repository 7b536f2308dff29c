using System.Net;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>Upload size (413) and audio duration (400) limits.</summary>
public sealed class LimitTests(EngineFixture engine)
{
    [Fact]
    public async Task An_upload_over_the_size_limit_gets_413_naming_the_limit()
    {
        await using var server = await TestServer.StartAsync(engine, o => o with { ServerMaxUploadBytes = 100_000 });
        byte[] big = new byte[400_000];
        Speech.Hello.CopyTo(big, 0);
        await ErrorTests.AssertErrorAsync(await server.TranscribeAsync(big), HttpStatusCode.RequestEntityTooLarge, "file", "100000 bytes");

        byte[] slightlyBig = new byte[110_000];
        Speech.Hello.AsSpan(0, 100_000).CopyTo(slightlyBig);
        await ErrorTests.AssertErrorAsync(await server.TranscribeAsync(slightlyBig), HttpStatusCode.RequestEntityTooLarge, "file", "100000 bytes");

        Assert.Equal(HttpStatusCode.OK, (await server.TranscribeAsync(Speech.Hello[..90_000])).StatusCode);
    }

    [Fact]
    public async Task Audio_longer_than_the_duration_limit_gets_400_naming_the_limit()
    {
        await using var server = await TestServer.StartAsync(engine, o => o with { ServerMaxAudioSeconds = 2 });
        await ErrorTests.AssertErrorAsync(await server.TranscribeAsync(Speech.Hello), HttpStatusCode.BadRequest, "file", "2 s this server accepts");
    }
}
