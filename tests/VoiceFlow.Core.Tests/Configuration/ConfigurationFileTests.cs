using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Tests.Configuration;

public sealed class ConfigurationFileTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private EffectiveConfiguration LoadFile(string json) =>
        ConfigurationLoader.Load(new ConfigurationRequest { ConfigFile = _dir.Write("config.json", json) });

    [Fact]
    public void Seed_performance_test_config_shape_is_accepted()
    {
        var config = LoadFile("""
            {
              "performance_mode": "balanced",
              "optimizations": {
                "enable_optimized_audio_validation": true,
                "enable_adaptive_model_access": true,
                "enable_memory_optimizations": false,
                "validation_frequency": 8,
                "audio_validation_sample_rate": 0.03
              },
              "monitoring": {
                "track_performance_stats": true,
                "log_optimization_effects": true
              }
            }
            """);

        var options = config.Options;
        Assert.Equal("balanced", options.PerformanceMode);
        Assert.True(options.EnableOptimizedAudioValidation);
        Assert.True(options.EnableAdaptiveModelAccess);
        Assert.False(options.EnableMemoryOptimizations);
        Assert.Equal(8, options.ValidationFrequency);
        Assert.Equal(0.03, options.AudioValidationSampleRate);
        Assert.True(options.TrackPerformanceStats);
        Assert.True(options.LogOptimizationEffects);
        Assert.Equal(ConfigSourceKind.File, config.Origins["log_optimization_effects"].Kind);
    }

    [Fact]
    public void Flat_file_with_comments_and_trailing_commas_is_accepted()
    {
        var options = LoadFile("""
            // my dictation setup
            {
              "engine": "whisper", /* the managed one */
              "model": null,
              "language": "de",
              "vad_threshold": 0.6,
              "remove_filler_words": false,
              "output": "file",
              "output_file": "/tmp/dictation.txt",
            }
            """).Options;

        Assert.Equal("whisper", options.Engine);
        Assert.Null(options.Model);
        Assert.Equal("de", options.Language);
        Assert.Equal(0.6, options.VadThreshold);
        Assert.False(options.RemoveFillerWords);
        Assert.Equal("/tmp/dictation.txt", options.OutputFile);
    }

    [Fact]
    public void File_saved_with_a_utf8_byte_order_mark_is_accepted()
    {
        string path = _dir.Write("bom.json", "");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "{ \"beam_size\": 2 }"u8]);

        Assert.Equal(2, ConfigurationLoader.Load(new ConfigurationRequest { ConfigFile = path }).Options.BeamSize);
    }

    [Fact]
    public void Any_section_may_hold_any_key_but_only_one_level_deep()
    {
        Assert.Equal(2, LoadFile("""{ "monitoring": { "beam_size": 2 } }""").Options.BeamSize);

        var error = Assert.Throws<VoiceFlow.Core.Errors.ConfigurationException>(() => LoadFile("""{ "decoding": { "vad": { "vad_threshold": 0.2 } } }"""));
        Assert.Contains("unknown key 'decoding.vad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_json_lists_every_option_with_value_and_origin()
    {
        var config = LoadFile("""{ "beam_size": 2 }""");
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            config.WriteJson(writer);
        }

        using var json = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var options = json.RootElement.GetProperty("options");
        Assert.Equal(VoiceFlowOptionRegistry.All.Count, options.EnumerateObject().Count());
        Assert.Equal(2, options.GetProperty("beam_size").GetProperty("value").GetInt32());
        Assert.StartsWith("file:", options.GetProperty("beam_size").GetProperty("origin").GetString(), StringComparison.Ordinal);
        Assert.Equal("default", options.GetProperty("model").GetProperty("origin").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, options.GetProperty("model").GetProperty("value").ValueKind);
        Assert.Single(json.RootElement.GetProperty("files_read").EnumerateArray());
    }
}
