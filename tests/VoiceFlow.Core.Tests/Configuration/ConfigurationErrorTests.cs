using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Configuration;

/// <summary>Every kind of bad configuration gives one line naming the source, the key and what is allowed.</summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string FileError(string json, out string path)
    {
        path = _dir.Write("config.json", json);
        string file = path;
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationRequest { ConfigFile = file }));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    private static string EnvError(string name, string value)
    {
        var request = new ConfigurationRequest { Environment = new Dictionary<string, string> { [name] = value } };
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(request));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    private static string FlagError(string key, string value, string flag = "--set")
    {
        var request = new ConfigurationRequest { CommandLine = [new ConfigSetting(key, value, flag)] };
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(request));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public void Unknown_key_in_a_file_suggests_the_closest_known_key()
    {
        string message = FileError("""{ "optimizations": { "validation_frequncy": 4 } }""", out string path);
        Assert.Equal($"config file {path}: unknown key 'optimizations.validation_frequncy' (did you mean 'validation_frequency'?); see 'voiceflow config show' for the known keys", message);
    }

    [Fact]
    public void Misspelt_section_name_suggests_the_section()
    {
        string message = FileError("""{ "optimisations": { "validation_frequency": 4 } }""", out _);
        Assert.Contains("unknown key 'optimisations' (did you mean 'optimizations'?)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_far_from_every_key_has_no_suggestion()
    {
        string message = FlagError("zzzzzzzzzzzz", "1");
        Assert.Equal("flag --set: unknown key 'zzzzzzzzzzzz'; see 'voiceflow config show' for the known keys", message);
    }

    [Fact]
    public void Out_of_range_integer_in_a_file_names_file_key_and_range()
    {
        string message = FileError("""{ "optimizations": { "validation_frequency": 0 } }""", out string path);
        Assert.Equal($"config file {path}: optimizations.validation_frequency = 0 is out of range; allowed: integer 1..1024", message);
    }

    [Fact]
    public void Out_of_range_number_from_the_environment_names_the_variable()
    {
        string message = EnvError("VOICEFLOW_AUDIO_VALIDATION_SAMPLE_RATE", "1.5");
        Assert.Equal("environment variable VOICEFLOW_AUDIO_VALIDATION_SAMPLE_RATE: audio_validation_sample_rate = \"1.5\" is out of range; allowed: number 0.001..1", message);
    }

    [Fact]
    public void Non_numeric_environment_value_names_the_variable_and_type()
    {
        string message = EnvError("VOICEFLOW_VALIDATION_FREQUENCY", "often");
        Assert.Equal("environment variable VOICEFLOW_VALIDATION_FREQUENCY: validation_frequency = \"often\" is not an integer; allowed: integer 1..1024", message);
    }

    [Theory]
    [InlineData("""{ "beam_size": "5" }""", "beam_size = \"5\" is a string, not an integer; allowed: integer 1..16")]
    [InlineData("""{ "beam_size": 2.5 }""", "beam_size = 2.5 is not an integer; allowed: integer 1..16")]
    [InlineData("""{ "beam_size": 1e30 }""", "beam_size = 1e30 is out of range; allowed: integer 1..16")]
    [InlineData("""{ "vad_enabled": "yes" }""", "vad_enabled = \"yes\" is a string, not a boolean; allowed: true or false (also 1/0, yes/no, on/off)")]
    [InlineData("""{ "temperature": [0.2] }""", "temperature = [0.2] is an array, not a number; allowed: number 0..1")]
    [InlineData("""{ "engine": "vosk" }""", "engine = \"vosk\" is not allowed; allowed: one of: auto, pocketsphinx, whisper")]
    [InlineData("""{ "engine": null }""", "engine = null must not be null; allowed: one of: auto, pocketsphinx, whisper")]
    [InlineData("""{ "language": "English" }""", "language = \"English\" is not allowed; allowed: auto or a 2-3 letter lowercase language code")]
    [InlineData("""{ "model": 3 }""", "model = 3 is a number, not a string; allowed: any text, or null")]
    [InlineData("""{ "monitoring": 3 }""", "unknown key 'monitoring'")]
    public void Wrong_type_or_value_in_a_file_names_file_key_and_allowed_values(string json, string expected)
    {
        string message = FileError(json, out string path);
        Assert.StartsWith($"config file {path}: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_on_the_command_line_names_the_flag()
    {
        Assert.Equal("flag --beam-size: beam_size = \"wide\" is not an integer; allowed: integer 1..16", FlagError("beam_size", "wide", "--beam-size"));
        Assert.Equal("flag --set: threads = \"-1\" is out of range; allowed: integer 0..256", FlagError("threads", "-1"));
        Assert.Equal("flag --set: temperature = \"NaN\" is not a number; allowed: number 0..1", FlagError("temperature", "NaN"));
    }

    [Theory]
    [InlineData("{ \"beam_size\": 2,\n  \"threads\" 4 }", 2, 13, "'4' is invalid after a property name")]
    [InlineData("{ \"beam_size\": tru }", 1, 19, "'tru }' is an invalid JSON literal")]
    [InlineData("", 1, 1, "The input does not contain any JSON tokens")]
    public void Malformed_json_names_the_file_line_and_column(string json, int line, int column, string reason)
    {
        string message = FileError(json, out string path);
        Assert.True(message.StartsWith($"config file {path}: malformed JSON at line {line}, column {column}: ", StringComparison.Ordinal), message);
        Assert.Contains(reason, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Top_level_must_be_an_object()
    {
        string message = FileError("[1, 2]", out string path);
        Assert.Equal($"config file {path}: the top level must be a JSON object ({{ \"key\": value, ... }})", message);
    }

    [Fact]
    public void Key_set_twice_in_one_file_is_an_error()
    {
        string message = FileError("""{ "beam_size": 2, "decoding": { "beam_size": 3 } }""", out string path);
        Assert.Equal($"config file {path}: decoding.beam_size is set more than once; allowed: each key once, flat or in one section", message);
    }

    [Fact]
    public void Oversized_file_is_refused_before_it_is_read()
    {
        string path = _dir.Write("big.json", "{ \"prompt\": \"" + new string('a', (int)(1 << 20)) + "\" }");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationRequest { ConfigFile = path }));
        Assert.Equal($"config file {path}: is {new FileInfo(path).Length} bytes; allowed: at most 1048576 bytes", error.Message);
    }

    [Fact]
    public void Inconsistent_pre_roll_names_the_source_of_both_values()
    {
        string message = FlagError("pre_roll_seconds", "2");
        Assert.Equal("flag --set: pre_roll_seconds = 2 exceeds pre_roll_buffer_seconds = 1.5 (from default); allowed: 0..pre_roll_buffer_seconds", message);
    }

    [Fact]
    public void File_output_without_a_file_is_an_error()
    {
        string message = EnvError("VOICEFLOW_OUTPUT", "file");
        Assert.Equal("environment variable VOICEFLOW_OUTPUT: output = file needs output_file; allowed: set output_file to a path, or another output", message);
    }

    [Fact]
    public void Directory_given_as_config_file_gives_a_one_line_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(new ConfigurationRequest { ConfigFile = _dir.Path }));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
