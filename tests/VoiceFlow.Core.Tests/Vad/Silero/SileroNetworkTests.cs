using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>The managed Silero network against ONNX Runtime: the shared reference probabilities and fresh runs on other audio.</summary>
public sealed class SileroNetworkTests
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [MemberData(nameof(SileroTestModels.RecordingsAndVersions), MemberType = typeof(SileroTestModels))]
    public async Task Probabilities_match_the_reference_for_every_fixture(string recording, string version)
    {
        var model = SileroTestModels.Require(version);
        var samples = await SileroTestModels.LoadRecordingAsync(recording);
        var expected = SileroTestModels.Reference(recording, version);

        var actual = SileroTestModels.ManagedProbabilities(model, samples);

        AssertClose(expected, actual, $"{recording} {version}");
    }

    [Theory]
    [MemberData(nameof(SileroTestModels.Versions), MemberType = typeof(SileroTestModels))]
    public async Task The_basis_convolution_path_matches_the_reference_too(string version)
    {
        var model = SileroTestModels.Require(version);
        var samples = await SileroTestModels.LoadRecordingAsync("speech10-pink_16k.wav");

        var actual = SileroTestModels.ManagedProbabilities(model, samples, useFft: false);

        Assert.False(new SileroNetwork(model, useFft: false).UsesFft);
        AssertClose(SileroTestModels.Reference("speech10-pink_16k.wav", version), actual, version);
    }

    [Theory]
    [MemberData(nameof(SileroTestModels.Versions), MemberType = typeof(SileroTestModels))]
    public async Task Managed_matches_OnnxRuntime_on_audio_beyond_the_fixtures(string version)
    {
        string path = SileroTestModels.RequirePath(version);
        var model = SileroTestModels.Require(version);
        var samples = await BeyondTheFixturesAsync();

        var expected = OnnxRuntimeSilero.Probabilities(path, samples);
        var actual = SileroTestModels.ManagedProbabilities(model, samples);

        AssertClose(expected, actual, version);
        Assert.Contains(actual, p => p > 0.5f);
        Assert.Contains(actual, p => p < 0.1f);
    }

    [Theory]
    [MemberData(nameof(SileroTestModels.Versions), MemberType = typeof(SileroTestModels))]
    public void Official_files_are_recognised_by_their_sha256(string version)
    {
        var model = SileroTestModels.Require(version);

        Assert.Equal(version, model.Version?.Name);
        Assert.True(model.BasisIsWindowedDft);
        Assert.True(new SileroNetwork(model).UsesFft);
    }

    [Fact]
    public void A_chunk_allocates_nothing_once_running()
    {
        var model = SileroTestModels.Require("v6");
        var network = new SileroNetwork(model);
        var chunk = new float[SileroModel.ChunkSamples];
        var random = new Random(5);
        for (int i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        }

        for (int i = 0; i < 10; i++)
        {
            network.Process(chunk);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            network.Process(chunk);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(SileroTestModels.Versions), MemberType = typeof(SileroTestModels))]
    public async Task Chunks_processed_together_give_bit_for_bit_the_probabilities_of_chunks_processed_one_by_one(string version)
    {
        var model = SileroTestModels.Require(version);
        var samples = await BeyondTheFixturesAsync();
        int chunks = samples.Length / SileroModel.ChunkSamples;
        var audio = samples.AsSpan(0, chunks * SileroModel.ChunkSamples);
        var oneByOne = new float[chunks];
        var network = new SileroNetwork(model);
        for (int i = 0; i < chunks; i++)
        {
            oneByOne[i] = network.Process(audio.Slice(i * SileroModel.ChunkSamples, SileroModel.ChunkSamples));
        }

        // Calls of every size, below, at and beyond a batch; the state and context carry across calls.
        foreach (int[] sizes in (int[][])[[chunks], [1, 2, 3, 5, 7, 8, 9, 13, 16, 17], [SileroNetwork.BatchChunks + 1, 4, 1]])
        {
            network.Reset();
            var together = new float[chunks];
            int done = 0;
            for (int call = 0; done < chunks; call++)
            {
                int count = Math.Min(sizes[call % sizes.Length], chunks - done);
                network.ProcessChunks(audio.Slice(done * SileroModel.ChunkSamples, count * SileroModel.ChunkSamples), together.AsSpan(done, count));
                done += count;
            }

            Assert.Equal(oneByOne, together);
        }

        Assert.Contains(oneByOne, p => p > 0.5f);
    }

    [Fact]
    public void Chunks_processed_together_allocate_nothing_and_refuse_audio_that_is_not_whole_chunks()
    {
        var model = SileroTestModels.Require("v6");
        var network = new SileroNetwork(model);
        var random = new Random(8);
        var audio = Enumerable.Range(0, 20 * SileroModel.ChunkSamples).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f).ToArray();
        var probabilities = new float[20];
        network.ProcessChunks(audio, probabilities);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            network.ProcessChunks(audio, probabilities);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        var error = Assert.Throws<ArgumentException>(() => network.ProcessChunks(audio.AsSpan(1), probabilities));
        Assert.Contains("20 chunks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_returns_the_stream_to_its_start()
    {
        var model = SileroTestModels.Require("v6");
        var network = new SileroNetwork(model);
        var chunk = Enumerable.Range(0, SileroModel.ChunkSamples).Select(i => MathF.Sin(i * 0.3f) * 0.3f).ToArray();
        float first = network.Process(chunk);
        network.Process(chunk);
        network.Reset();

        Assert.Equal(first, network.Process(chunk));
        Assert.Throws<ArgumentException>(() => network.Process(chunk.AsSpan(1)));
    }

    /// <summary>
    /// Audio no fixture has: speech at other levels and with a DC offset, clipped speech, a chirp, clicks, digital
    /// silence and full-scale noise, 0.3 s of each in turn.
    /// </summary>
    private static async Task<float[]> BeyondTheFixturesAsync()
    {
        var speech = await SileroTestModels.LoadRecordingAsync("speech10_16k.wav");
        var random = new Random(42);
        var result = new List<float>();
        result.AddRange(speech.Take(48_000).Select(s => s * 0.1f + 0.05f));
        result.AddRange(new float[8_000]);
        result.AddRange(speech.Skip(48_000).Take(48_000).Select(s => Math.Clamp(s * 8, -1f, 1f)));
        result.AddRange(Enumerable.Range(0, 32_000).Select(i => 0.4f * MathF.Sin(2 * MathF.PI * (100 + i * 0.1f) * i / 16_000f)));
        result.AddRange(Enumerable.Range(0, 32_000).Select(i => i % 3_200 < 40 ? (float)(random.NextDouble() * 2 - 1) : 0f));
        result.AddRange(Enumerable.Range(0, 16_000).Select(_ => (float)(random.NextDouble() * 2 - 1)));
        result.AddRange(speech.Skip(96_000).Select(s => s * 0.5f));
        result.AddRange(new float[1_234]); // a ragged last chunk
        return [.. result];
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            float difference = Math.Abs(expected[i] - actual[i]);
            if (difference > worst)
            {
                worst = difference;
                worstAt = i;
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: largest difference {worst:E2} over {expected.Length} chunks");
        Assert.True(worst <= Tolerance, $"{what}: chunk {worstAt} differs by {worst} (expected {(worstAt < 0 ? 0 : expected[worstAt])}, got {(worstAt < 0 ? 0 : actual[worstAt])})");
    }
}
