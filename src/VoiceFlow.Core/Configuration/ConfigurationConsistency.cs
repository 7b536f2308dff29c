using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Configuration;

/// <summary>Rules between options that single-option ranges cannot express, checked after the layers are merged.</summary>
internal static class ConfigurationConsistency
{
    public static void Check(VoiceFlowOptions options, IReadOnlyDictionary<string, ConfigValueOrigin> origins)
    {
        if (options.PreRollSeconds > options.PreRollBufferSeconds)
        {
            throw new ConfigurationException(
                $"{origins["pre_roll_seconds"].Describe()}: pre_roll_seconds = {OptionDescriptor.FormatValue(options.PreRollSeconds)} exceeds pre_roll_buffer_seconds = " +
                $"{OptionDescriptor.FormatValue(options.PreRollBufferSeconds)} (from {origins["pre_roll_buffer_seconds"]}); allowed: 0..pre_roll_buffer_seconds");
        }

        if (options.Output == "file" && string.IsNullOrWhiteSpace(options.OutputFile))
        {
            throw new ConfigurationException(
                $"{origins["output"].Describe()}: output = file needs output_file; allowed: set output_file to a path, or another output");
        }
    }
}
