using System.CommandLine;
using System.Text.Json;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Cli.Tests;

/// <summary>The config commands, run in-process with captured output and a controlled environment.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "voiceflow-cli-tests", Guid.NewGuid().ToString("N"));

    public ConfigCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string> Env(params (string Name, string Value)[] variables)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = Path.Combine(_dir, "home") };
        foreach (var (name, value) in variables)
        {
            env[name] = value;
        }

        return env;
    }

    private string WriteFile(string name, string json)
    {
        string path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    private static async Task<(int Code, string Out, string Error)> Run(Dictionary<string, string> env, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApplication.RunAsync(args, output, error, env);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Show_json_reports_values_and_origins_from_every_layer()
    {
        string file = WriteFile("c.json", """{ "optimizations": { "validation_frequency": 2, "enable_memory_optimizations": false } }""");

        var (code, output, error) = await Run(Env(("VOICEFLOW_BEAM_SIZE", "3")),
            "config", "show", "--json", "--config", file, "--performance-mode", "speed", "--set", "threads=2", "--set", "best-of=4");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        JsonElement options = json.RootElement.GetProperty("options");
        (object, string) Get(string key) => (options.GetProperty(key).GetProperty("value").ToString(), options.GetProperty(key).GetProperty("origin").GetString()!);
        Assert.Equal(("2", "file:" + file), Get("validation_frequency"));
        Assert.Equal(("False", "file:" + file), Get("enable_memory_optimizations"));
        Assert.Equal(("True", "preset:speed"), Get("enable_adaptive_model_access"));
        Assert.Equal(("3", "env:VOICEFLOW_BEAM_SIZE"), Get("beam_size"));
        Assert.Equal(("2", "flag:--set"), Get("threads"));
        Assert.Equal(("4", "flag:--set"), Get("best_of"));
        Assert.Equal(("speed", "flag:--performance-mode"), Get("performance_mode"));
        Assert.Equal(("0.03", "default"), Get("audio_validation_sample_rate"));
        Assert.Equal(file, json.RootElement.GetProperty("files_read")[0].GetString());
    }

    [Fact]
    public async Task Show_table_lists_every_key_with_its_origin()
    {
        var (code, output, _) = await Run(Env(("VOICEFLOW_DISABLE_OPTIMIZATIONS", "1")), "config", "show", "--performance-mode", "balanced");

        Assert.Equal(0, code);
        Assert.All(VoiceFlowOptionRegistry.All, o => Assert.Contains(o.Key, output, StringComparison.Ordinal));
        string row = output.Split('\n').Single(l => l.Contains("enable_adaptive_model_access", StringComparison.Ordinal));
        Assert.Contains("false", row, StringComparison.Ordinal);
        Assert.Contains("env:VOICEFLOW_DISABLE_OPTIMIZATIONS (rollback: disable_optimizations)", row, StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_piped_prints_one_key_value_origin_line_per_setting()
    {
        var (code, output, _) = await Run(Env(("VOICEFLOW_BEAM_SIZE", "3")), "config", "show");

        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(VoiceFlowOptionRegistry.All.Count, lines.Count(l => !l.StartsWith('#')));
        Assert.Contains("beam_size=3  (env:VOICEFLOW_BEAM_SIZE)", lines);
        Assert.DoesNotContain('│', output);
    }

    [Fact]
    public async Task Invalid_setting_stops_the_command_with_one_line_naming_source_key_and_range()
    {
        var (code, output, error) = await Run(Env(("VOICEFLOW_VALIDATION_FREQUENCY", "0")), "config", "show", "--json");

        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Equal("voiceflow: error: environment variable VOICEFLOW_VALIDATION_FREQUENCY: validation_frequency = \"0\" is out of range; allowed: integer 1..1024\n",
            error.ReplaceLineEndings("\n"));

        (code, _, error) = await Run(Env(), "config", "show", "--set", "beam_sise=2");
        Assert.Equal(3, code);
        Assert.StartsWith("voiceflow: error: flag --set: unknown key 'beam_sise' (did you mean 'beam_size'?)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_reports_the_XDG_location_and_whether_it_exists()
    {
        string xdg = Path.Combine(_dir, "xdg");
        string expected = Path.Combine(xdg, "voiceflow", "config.json");

        var (code, output, _) = await Run(Env(("XDG_CONFIG_HOME", xdg)), "config", "path");
        Assert.Equal(0, code);
        Assert.Equal($"{expected}\ndoes not exist (chosen by XDG_CONFIG_HOME)\n", output.ReplaceLineEndings("\n"));

        WriteFile("xdg/voiceflow/config.json", "{}");
        (_, output, _) = await Run(Env(("XDG_CONFIG_HOME", xdg)), "config", "path");
        Assert.Equal($"{expected}\nexists (chosen by XDG_CONFIG_HOME)\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_says_valid_or_gives_the_one_line_error()
    {
        string good = WriteFile("good.json", """{ "performance_mode": "speed", /* comment */ "beam_size": 2, }""");
        string bad = WriteFile("bad.json", """{ "monitoring": { "track_performance_stats": "sometimes" } }""");

        var (code, output, _) = await Run(Env(), "config", "validate", good);
        Assert.Equal(0, code);
        Assert.Equal($"valid: {good}\n", output.ReplaceLineEndings("\n"));

        (code, output, string error) = await Run(Env(), "config", "validate", bad);
        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Equal($"voiceflow: error: config file {bad}: monitoring.track_performance_stats = \"sometimes\" is a string, not a boolean; allowed: true or false (also 1/0, yes/no, on/off)\n",
            error.ReplaceLineEndings("\n"));

        (code, _, error) = await Run(Env(), "config", "validate", Path.Combine(_dir, "missing.json"));
        Assert.Equal(3, code);
        Assert.Contains("missing.json does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_prints_the_generated_reference()
    {
        var (code, output, _) = await Run(Env(), "config", "docs");
        Assert.Equal(0, code);
        Assert.Equal(ConfigurationDocumentation.RenderMarkdown(), output);
    }

    [Fact]
    public void Typed_flags_override_only_when_given_and_are_validated_naming_the_flag()
    {
        var beamSize = new Option<int>("--beam-size") { DefaultValueFactory = _ => 5 };
        var fallback = new Option<bool>("--temperature-fallback");
        var root = CliApplication.BuildRoot();
        root.Options.Add(beamSize);
        root.Options.Add(fallback);
        string file = WriteFile("c.json", """{ "beam_size": 3 }""");

        EffectiveConfiguration Resolve(params string[] args)
        {
            ParseResult parse = root.Parse(args);
            using (CliEnvironment.Use(Env()))
            {
                return ConfigurationFlags.Resolve(parse, [.. ConfigurationFlags.Given(parse, beamSize, "beam_size"), .. ConfigurationFlags.Given(parse, fallback, "temperature_fallback")]);
            }
        }

        Assert.Equal(3, Resolve("--config", file).Options.BeamSize); // the flag's default does not hide the file
        var given = Resolve("--config", file, "--beam-size", "2", "--temperature-fallback", "--set", "temperature_fallback=false");
        Assert.Equal(2, given.Options.BeamSize);
        Assert.Equal("flag:--beam-size", given.Origins["beam_size"].ToString());
        Assert.True(given.Options.TemperatureFallback); // a bare boolean flag means true, and typed flags come after --set
        var error = Assert.Throws<VoiceFlow.Core.Errors.ConfigurationException>(() => Resolve("--beam-size", "99"));
        Assert.Equal("flag --beam-size: beam_size = \"99\" is out of range; allowed: integer 1..16", error.Message);
    }

    [Fact]
    public void Commands_resolve_configuration_with_their_own_typed_flags_on_top()
    {
        ParseResult parse = CliApplication.BuildRoot().Parse(["info", "--set", "beam_size=2", "--set", "THREADS=3", "--performance-mode", "safe"]);

        EffectiveConfiguration config;
        using (CliEnvironment.Use(Env(("VOICEFLOW_THREADS", "8"))))
        {
            config = ConfigurationFlags.Resolve(parse, ConfigSetting.From("beam_size", 4, "--beam-size"));
        }

        Assert.Equal(4, config.Options.BeamSize);
        Assert.Equal("flag:--beam-size", config.Origins["beam_size"].ToString());
        Assert.Equal(3, config.Options.Threads);
        Assert.Equal("safe", config.Options.PerformanceMode);
    }
}
