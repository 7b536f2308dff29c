namespace VoiceFlow.PocketSphinx.Tests.Support;

/// <summary>Decodes A, B, C, A, B on one single-decoder factory and checks A and B come out the same both times.</summary>
internal static class InterleavedDecodes
{
    public static async Task AssertSameResultsAsync(PocketSphinxEngineFactory factory, float[] a, float[] b, float[] c, CancellationToken ct)
    {
        await using var processor = factory.CreateBuilder().Build();

        var aAlone = await EngineFixture.TranscribeAsync(processor, a, ct);
        var bAfterA = await EngineFixture.TranscribeAsync(processor, b, ct);
        await EngineFixture.TranscribeAsync(processor, c, ct);
        var aAfterOthers = await EngineFixture.TranscribeAsync(processor, a, ct);
        var bAfterOthers = await EngineFixture.TranscribeAsync(processor, b, ct);

        Assert.False(string.IsNullOrEmpty(aAlone));
        Assert.Equal(aAlone, aAfterOthers);
        Assert.Equal(bAfterA, bAfterOthers);
        Assert.Equal(1, factory.LoadedDecoders);
    }
}
