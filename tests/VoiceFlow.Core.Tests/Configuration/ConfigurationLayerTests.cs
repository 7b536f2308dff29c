using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Configuration;

public sealed class ConfigurationLayerTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    [Fact]
    public void Empty_request_gives_the_built_in_defaults_all_credited_to_default()
    {
        var config = ConfigurationLoader.Load(new ConfigurationRequest());

        Assert.Equal(new VoiceFlowOptions(), config.Options);
        Assert.All(VoiceFlowOptionRegistry.All, o => Assert.Equal(ConfigValueOrigin.Default, config.Origins[o.Key]));
        Assert.Empty(config.FilesRead);
        Assert.Equal("none", config.ConfigFile.ChosenBy);
    }

    [Fact]
    public void Each_layer_overrides_the_one_below_it()
    {
        string file = _dir.Write("c.json", """{ "validation_frequency": 2, "beam_size": 2, "threads": 2, "memory_pool_size": 2 }""");
        var request = new ConfigurationRequest
        {
            ConfigFile = file,
            Environment = Env(("VOICEFLOW_BEAM_SIZE", "3"), ("VOICEFLOW_THREADS", "3"), ("VOICEFLOW_MEMORY_POOL_SIZE", "3")),
            CommandLine = [new ConfigSetting("threads", "4", "--set"), new ConfigSetting("memory_pool_size", "4", "--set"), new ConfigSetting("memory_pool_size", "5", "--pool")],
        };

        var config = ConfigurationLoader.Load(request);

        Assert.Equal(2, config.Options.ValidationFrequency);
        Assert.Equal("file:" + file, config.Origins["validation_frequency"].ToString());
        Assert.Equal(3, config.Options.BeamSize);
        Assert.Equal("env:VOICEFLOW_BEAM_SIZE", config.Origins["beam_size"].ToString());
        Assert.Equal(4, config.Options.Threads);
        Assert.Equal("flag:--set", config.Origins["threads"].ToString());
        Assert.Equal(5, config.Options.MemoryPoolSize); // later command-line settings win
        Assert.Equal("flag:--pool", config.Origins["memory_pool_size"].ToString());
        Assert.Equal(0.03, config.Options.AudioValidationSampleRate);
        Assert.Equal("default", config.Origins["audio_validation_sample_rate"].ToString());
        Assert.Equal([file], config.FilesRead);
    }

    [Fact]
    public void Default_file_is_found_under_XDG_CONFIG_HOME_before_HOME()
    {
        string xdgFile = _dir.Write("xdg/voiceflow/config.json", """{ "beam_size": 7 }""");
        _dir.Write("home/.config/voiceflow/config.json", """{ "beam_size": 9 }""");
        var env = Env(("XDG_CONFIG_HOME", Path.Combine(_dir.Path, "xdg")), ("HOME", Path.Combine(_dir.Path, "home")));

        var config = ConfigurationLoader.Load(new ConfigurationRequest { Environment = env });

        Assert.Equal(7, config.Options.BeamSize);
        Assert.Equal([xdgFile], config.FilesRead);
        Assert.Equal("XDG_CONFIG_HOME", config.ConfigFile.ChosenBy);
    }

    [Fact]
    public void Default_file_falls_back_to_HOME_config_when_XDG_CONFIG_HOME_is_unset_or_relative()
    {
        string homeFile = _dir.Write("home/.config/voiceflow/config.json", """{ "beam_size": 9 }""");
        var env = Env(("XDG_CONFIG_HOME", "relative/dir"), ("HOME", Path.Combine(_dir.Path, "home")));

        var config = ConfigurationLoader.Load(new ConfigurationRequest { Environment = env });

        Assert.Equal(9, config.Options.BeamSize);
        Assert.Equal([homeFile], config.FilesRead);
    }

    [Fact]
    public void Missing_default_file_is_not_an_error_but_missing_explicit_file_is()
    {
        var env = Env(("HOME", Path.Combine(_dir.Path, "nobody")));
        var config = ConfigurationLoader.Load(new ConfigurationRequest { Environment = env });
        Assert.Empty(config.FilesRead);
        Assert.False(config.ConfigFile.Exists);
        Assert.Equal(Path.Combine(_dir.Path, "nobody", ".config", "voiceflow", "config.json"), config.ConfigFile.Path);

        string missing = Path.Combine(_dir.Path, "missing.json");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationRequest { ConfigFile = missing, Environment = env }));
        Assert.Equal($"config file {missing} (given by --config) does not exist", error.Message);
    }

    [Fact]
    public void VOICEFLOW_CONFIG_names_the_file_when_no_flag_does_and_the_flag_beats_it()
    {
        string fromVariable = _dir.Write("a.json", """{ "beam_size": 3 }""");
        string fromFlag = _dir.Write("b.json", """{ "beam_size": 4 }""");
        var env = Env(("VOICEFLOW_CONFIG", fromVariable), ("HOME", _dir.Path));

        Assert.Equal(3, ConfigurationLoader.Load(new ConfigurationRequest { Environment = env }).Options.BeamSize);
        Assert.Equal(4, ConfigurationLoader.Load(new ConfigurationRequest { Environment = env, ConfigFile = fromFlag }).Options.BeamSize);

        var missing = Env(("VOICEFLOW_CONFIG", Path.Combine(_dir.Path, "nope.json")));
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationRequest { Environment = missing }));
        Assert.Contains("(given by VOICEFLOW_CONFIG) does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leading_tilde_in_an_explicit_path_means_HOME()
    {
        string file = _dir.Write("home/vf.json", """{ "beam_size": 6 }""");
        var env = Env(("HOME", Path.Combine(_dir.Path, "home")));

        var config = ConfigurationLoader.Load(new ConfigurationRequest { ConfigFile = "~/vf.json", Environment = env });

        Assert.Equal(6, config.Options.BeamSize);
        Assert.Equal([file], config.FilesRead);
    }

    [Fact]
    public void Transcription_options_carry_the_configured_decoding_choices()
    {
        var env = Env(("VOICEFLOW_PERFORMANCE_MODE", "speed"), ("VOICEFLOW_LANGUAGE", "fr"), ("VOICEFLOW_TEMPERATURE", "0.2"), ("VOICEFLOW_PROMPT", "VoiceFlow"));

        var job = ConfigurationLoader.Load(new ConfigurationRequest { Environment = env }).Options.ToTranscriptionOptions();

        Assert.Equal(new Engines.TranscriptionOptions { Language = "fr", Prompt = "VoiceFlow", BeamSize = 1, BestOf = 1, Temperature = 0.2f }, job);
    }

    [Fact]
    public void Environment_values_of_every_type_are_parsed()
    {
        var env = Env(
            ("VOICEFLOW_ENABLE_MEMORY_OPTIMIZATIONS", "yes"),
            ("VOICEFLOW_TRACK_PERFORMANCE_STATS", "OFF"),
            ("VOICEFLOW_VALIDATION_FREQUENCY", "4"),
            ("VOICEFLOW_AUDIO_VALIDATION_SAMPLE_RATE", "0.5"),
            ("VOICEFLOW_ENGINE", "Whisper"),
            ("VOICEFLOW_MODEL", "/models/tiny.en.bin"),
            ("VOICEFLOW_PROMPT", ""));

        var options = ConfigurationLoader.Load(new ConfigurationRequest { Environment = env }).Options;

        Assert.True(options.EnableMemoryOptimizations);
        Assert.False(options.TrackPerformanceStats);
        Assert.Equal(4, options.ValidationFrequency);
        Assert.Equal(0.5, options.AudioValidationSampleRate);
        Assert.Equal("whisper", options.Engine); // choices are matched ignoring case and stored canonically
        Assert.Equal("/models/tiny.en.bin", options.Model);
        Assert.Null(options.Prompt); // empty value unsets a nullable option
    }

    [Fact]
    public void Unrelated_VOICEFLOW_variables_are_ignored_and_near_misses_warned_about()
    {
        var env = Env(("VOICEFLOW_SHARED_DIR", "/x"), ("VOICEFLOW_BEAM_SISE", "3"));

        var config = ConfigurationLoader.Load(new ConfigurationRequest { Environment = env });

        Assert.Equal(5, config.Options.BeamSize);
        string warning = Assert.Single(config.Warnings);
        Assert.Contains("VOICEFLOW_BEAM_SISE", warning, StringComparison.Ordinal);
        Assert.Contains("did you mean 'VOICEFLOW_BEAM_SIZE'", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_keys_accept_dashes_and_typed_overrides_are_formatted_invariantly()
    {
        var request = new ConfigurationRequest
        {
            CommandLine = [new ConfigSetting("beam-size", "2", "--set"), ConfigSetting.From("temperature", 0.25, "--temperature"), ConfigSetting.From<string?>("model", null, "--model")],
        };

        var config = ConfigurationLoader.Load(request);

        Assert.Equal(2, config.Options.BeamSize);
        Assert.Equal(0.25, config.Options.Temperature);
        Assert.Equal("flag:--temperature", config.Origins["temperature"].ToString());
        Assert.Null(config.Options.Model);
    }

    [Fact]
    public void Set_argument_without_equals_is_rejected_naming_the_flag()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigSetting.Parse("beam_size", "--set"));
        Assert.StartsWith("flag --set: 'beam_size' is not KEY=VALUE", error.Message, StringComparison.Ordinal);
        Assert.Equal(new ConfigSetting("beam_size", "a=b", "--set"), ConfigSetting.Parse("beam_size=a=b"));
    }
}
