using System.Runtime.InteropServices;

namespace VoiceFlow.PocketSphinx.Interop;

/// <summary>
/// libsphinxbase entry points. <c>cmd_ln_init</c> is variadic and not callable portably, so the
/// configuration is parsed empty from <see cref="PocketSphinxNative.ps_args"/> and then set key by key
/// (the <c>cmd_ln_set_*_r</c> functions are real exports in this version, not macros).
/// </summary>
internal static partial class SphinxBaseNative
{
    [LibraryImport(PocketSphinxLibrary.SphinxBaseName)]
    internal static partial ConfigHandle cmd_ln_parse_r(nint previous, nint definitions, int argc, nint argv, int strict);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName)]
    internal static partial int cmd_ln_free_r(nint config);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int cmd_ln_exists_r(ConfigHandle config, string name);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_str_r(ConfigHandle config, string name, string? value);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_int_r(ConfigHandle config, string name, nint value);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void cmd_ln_set_float_r(ConfigHandle config, string name, double value);

    /// <summary>Returns a config-owned string (or null).</summary>
    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint cmd_ln_str_r(ConfigHandle config, string name);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint cmd_ln_int_r(ConfigHandle config, string name);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial double cmd_ln_float_r(ConfigHandle config, string name);

    /// <summary>Sets the log stream; 0 (a null FILE*) disables logging.</summary>
    [LibraryImport(PocketSphinxLibrary.SphinxBaseName)]
    internal static partial void err_set_logfp(nint stream);

    [LibraryImport(PocketSphinxLibrary.SphinxBaseName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int err_set_logfile(string path);

    /// <summary>Restarts live cepstral mean normalisation from <paramref name="mean"/> (mfcc_t is float in this build).</summary>
    [LibraryImport(PocketSphinxLibrary.SphinxBaseName)]
    internal static unsafe partial void cmn_live_set(nint cmn, float* mean);
}
