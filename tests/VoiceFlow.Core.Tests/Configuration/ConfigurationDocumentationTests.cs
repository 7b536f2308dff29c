using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Tests.Configuration;

public sealed class ConfigurationDocumentationTests
{
    [Fact]
    public void Docs_configuration_md_is_generated_from_the_registry()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "VoiceFlow.slnx")))
        {
            root = Path.GetDirectoryName(root);
        }

        if (root is null)
        {
            Assert.Skip("repository root (VoiceFlow.slnx) not found above the test binaries");
        }

        string committed = File.ReadAllText(Path.Combine(root, "docs", "configuration.md")).ReplaceLineEndings("\n");
        Assert.True(committed == ConfigurationDocumentation.RenderMarkdown(),
            "docs/configuration.md is out of date: dotnet run --project src/VoiceFlow.Cli -c Release -- config docs > docs/configuration.md");
    }

    [Fact]
    public void Docs_list_every_key_environment_variable_and_preset()
    {
        string doc = ConfigurationDocumentation.RenderMarkdown();
        Assert.All(VoiceFlowOptionRegistry.All, o =>
        {
            Assert.Contains($"| `{o.Key}` |", doc, StringComparison.Ordinal);
            Assert.Contains($"`{o.EnvironmentVariable}`", doc, StringComparison.Ordinal);
        });
        Assert.All(PerformancePresets.All, p => Assert.Contains($"- `{p.Name}`: ", doc, StringComparison.Ordinal));
    }
}
