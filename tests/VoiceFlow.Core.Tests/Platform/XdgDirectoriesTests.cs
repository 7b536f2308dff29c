using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Platform;
using VoiceFlow.History.Sqlite;

namespace VoiceFlow.Core.Tests.Platform;

/// <summary>One XDG rule for every folder VoiceFlow keeps: absolute variables count, relative ones are ignored.</summary>
public class XdgDirectoriesTests
{
    private static XdgDirectories Of(params (string Name, string Value)[] variables) =>
        XdgDirectories.From(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Absolute_xdg_variables_win_over_home()
    {
        var dirs = Of(("HOME", "/home/u"), ("XDG_DATA_HOME", "/data"), ("XDG_CONFIG_HOME", "/conf"), ("XDG_RUNTIME_DIR", "/run/user/7"));

        Assert.Equal("/data", dirs.DataHome);
        Assert.Equal("/conf", dirs.ConfigHome);
        Assert.Equal("XDG_CONFIG_HOME", dirs.ConfigHomeSource);
        Assert.Equal("/run/user/7", dirs.RuntimeDirectory);
        Assert.Equal("/data/voiceflow/models", dirs.ModelsDirectory);
    }

    [Fact]
    public void Relative_xdg_variables_are_ignored_for_the_home_defaults()
    {
        var dirs = Of(("HOME", "/home/u"), ("XDG_DATA_HOME", "relative"), ("XDG_CONFIG_HOME", "also/relative"), ("XDG_RUNTIME_DIR", "tmp"));

        Assert.Equal("/home/u/.local/share", dirs.DataHome);
        Assert.Equal("/home/u/.config", dirs.ConfigHome);
        Assert.Equal("HOME", dirs.ConfigHomeSource);
        Assert.Null(dirs.RuntimeDirectory);
        Assert.Equal("/home/u/.local/share/voiceflow", dirs.VoiceFlowData);
    }

    [Fact]
    public void Without_home_nor_xdg_there_is_no_folder_rather_than_a_guess()
    {
        var dirs = Of(("HOME", "not/absolute"));

        Assert.Null(dirs.Home);
        Assert.Null(dirs.DataHome);
        Assert.Null(dirs.ConfigHome);
        Assert.Null(dirs.ModelsDirectory);
        Assert.Null(dirs.ConfigHomeSource);
    }

    [Fact]
    public void Config_history_and_models_follow_the_same_environment()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/u", ["XDG_DATA_HOME"] = "/srv/data" };

        Assert.Equal("/srv/data/voiceflow/history.db", HistoryLocation.DefaultPath(environment));
        Assert.Equal("/srv/data/voiceflow/models", XdgDirectories.From(environment).ModelsDirectory);
        Assert.Equal("/home/u/.config/voiceflow/config.json", ConfigFileLocation.Find(null, environment).Path);
    }
}
