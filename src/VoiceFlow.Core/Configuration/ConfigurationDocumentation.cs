using System.Text;

namespace VoiceFlow.Core.Configuration;

/// <summary>
/// Renders docs/configuration.md from the option registry and the presets, so the doc cannot drift from the code
/// (a test compares the committed file with this output; <c>voiceflow config docs</c> prints it).
/// </summary>
public static class ConfigurationDocumentation
{
    /// <summary>The whole Markdown document, with LF line ends.</summary>
    public static string RenderMarkdown()
    {
        var doc = new StringBuilder();
        doc.Append("""
            # Configuration

            <!-- Generated from VoiceFlowOptionRegistry and PerformancePresets: do not edit by hand.
                 Regenerate with: dotnet run --project src/VoiceFlow.Cli -c Release -- config docs > docs/configuration.md -->

            VoiceFlow reads its settings from five layers; each overrides the ones before it:

            1. **Built-in defaults** (the Default column below).
            2. **The `performance_mode` preset**, if one is named (see [Presets](#presets)).
            3. **The config file**: `--config PATH`, else `$VOICEFLOW_CONFIG`, else `$XDG_CONFIG_HOME/voiceflow/config.json`
               (when `XDG_CONFIG_HOME` is an absolute path), else `~/.config/voiceflow/config.json`.
               A file named by `--config` or `VOICEFLOW_CONFIG` must exist; a missing default file is simply skipped.
            4. **Environment variables** `VOICEFLOW_<UPPER_SNAKE_KEY>`, e.g. `VOICEFLOW_VALIDATION_FREQUENCY=4`.
               Unknown `VOICEFLOW_*` variables are ignored (with a warning when one is a near-miss of an option's name).
            5. **Command-line flags**: `--performance-mode NAME`, `--set KEY=VALUE` (repeatable; dashes may replace
               underscores in KEY), and the typed flags of individual commands, later flags winning.

            **Where the preset comes from.** `performance_mode` may be set in any of layers 3-5. The preset named by the
            highest layer that sets it is applied *as layer 2*: it replaces the defaults of the keys it covers, and every
            value set explicitly in the file, the environment or on the command line still beats it. So
            `VOICEFLOW_PERFORMANCE_MODE=speed` with a file that says `"enable_memory_optimizations": false` runs the speed
            preset with memory optimizations off.

            **The rollback switch.** `VOICEFLOW_DISABLE_OPTIMIZATIONS=true` (also `1`, `yes`, `on`; or
            `disable_optimizations` in any other layer) forces every optimization (the keys marked *optimization* below)
            off, whatever any other layer says. It is sticky: once any layer turns it on, a later `false` does not turn it
            off. `voiceflow config show` credits the forced values to the source of the switch, marked
            `(rollback: disable_optimizations)`. Decoding choices such as a preset's `beam_size` are not optimizations
            and are left as configured.

            **Files.** JSON with comments and trailing commas allowed. Keys are snake_case. They may be flat or grouped
            one level deep under any section name below; the seed's `performance_test_config.json` shape works as is:

            ```json
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
            ```

            **Errors.** An unknown key (with the closest known key suggested), a value of the wrong type or outside its
            range, a key set twice in one file, or malformed JSON (with line and column) stops VoiceFlow with one line
            naming the source (file path, environment variable or flag), the key and what is allowed. Nothing starts
            with a bad configuration. Check a file with `voiceflow config validate [FILE]`; see every effective value
            and where it came from with `voiceflow config show` (`--json` for scripts).

            ## Presets

            Every preset sets the same keys, so switching presets never leaves a value behind.


            """);
        string[] presetKeys = [.. PerformancePresets.All[0].Values.Select(v => v.Key)];
        doc.Append("| Key | ").AppendJoin(" | ", PerformancePresets.All.Select(p => $"`{p.Name}`")).Append(" |\n");
        doc.Append("| --- |").Append(string.Concat(Enumerable.Repeat(" --- |", PerformancePresets.All.Count))).Append('\n');
        foreach (string key in presetKeys)
        {
            doc.Append($"| `{key}` | ")
                .AppendJoin(" | ", PerformancePresets.All.Select(p => OptionDescriptor.FormatValue(p.Values.First(v => v.Key == key).Value)))
                .Append(" |\n");
        }

        doc.Append('\n');
        foreach (PerformancePreset preset in PerformancePresets.All)
        {
            doc.Append($"- `{preset.Name}`: {preset.Description}\n");
        }

        foreach (string section in VoiceFlowOptionRegistry.Sections)
        {
            doc.Append($"\n## {section}\n\n");
            doc.Append("| Key | Type | Default | Allowed | Environment variable | Description |\n");
            doc.Append("| --- | --- | --- | --- | --- | --- |\n");
            foreach (OptionDescriptor option in VoiceFlowOptionRegistry.All.Where(o => o.Section == section))
            {
                string note = option.IsOptimization ? " *Optimization.*" : "";
                doc.Append($"| `{option.Key}` | {option.TypeName} | `{OptionDescriptor.FormatValue(option.DefaultValue)}` | {option.Allowed} | ")
                    .Append($"`{option.EnvironmentVariable}` | {option.Description}{note} |\n");
            }
        }

        doc.Append("""

            ## For developers

            - **Adding an option**: add an `init` property to `VoiceFlowOptions` (its default is the built-in default) and
              one line to `VoiceFlowOptionRegistry.All` (key, section, range or choices, description). Parsing,
              validation, the environment variable, `config show` and this page follow; regenerate this page with
              `voiceflow config docs`. A test fails if a property has no registry line or this page is stale.
            - **Reading the configuration**: `ConfigurationLoader.Load(ConfigurationRequest)` returns an
              `EffectiveConfiguration` (`Options`, `Origins`, `FilesRead`, `Warnings`); `ConfigurationLoader.Load()` reads
              the process environment. In the CLI, `ConfigurationFlags.Resolve(parseResult, overrides)` applies the global
              flags; a command's own typed flags join as `ConfigurationFlags.Given(parseResult, option, "key")`, which
              adds an override only when the user gave the flag. Call it before doing any work: it throws
              `ConfigurationException` (exit code 3) on any invalid source.
            - **Engine options**: `options.ToTranscriptionOptions()` maps language, prompt, threads and the decoding
              search to the per-job `TranscriptionOptions`.

            """);
        return doc.ToString();
    }
}
