using System.Reflection;
using System.Runtime.InteropServices;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.PocketSphinx.Interop;

/// <summary>
/// Finds the Debian libraries (libpocketsphinx.so.3, libsphinxbase.so.3) once per process and routes
/// their logging away from stdout, which belongs to results.
/// </summary>
internal static class PocketSphinxLibrary
{
    internal const string PocketSphinxName = "pocketsphinx";
    internal const string SphinxBaseName = "sphinxbase";

    internal const string NotInstalledMessage =
        "PocketSphinx is not installed: install the Debian packages libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us";

    /// <summary>Set to a file path to keep the library's own log (it is discarded otherwise).</summary>
    internal const string LogFileVariable = "VOICEFLOW_POCKETSPHINX_LOG";

    // Sonames first (what the runtime packages ship), then the unversioned dev symlinks.
    private static readonly string[] PocketSphinxCandidates = ["libpocketsphinx.so.3", "libpocketsphinx.so", "libpocketsphinx.3.dylib"];
    private static readonly string[] SphinxBaseCandidates = ["libsphinxbase.so.3", "libsphinxbase.so", "libsphinxbase.3.dylib"];

    private static readonly Lock InitLock = new();
    private static bool _initialized;
    private static string? _loadError;

    /// <summary>Guards every call that touches process-wide native state (model loading, logging set-up).</summary>
    internal static Lock NativeStateLock { get; } = new();

    /// <summary>Loads both libraries and configures logging; throws <see cref="EngineException"/> when missing.</summary>
    internal static void EnsureLoaded()
    {
        if (!TryEnsureLoaded(out var reason))
        {
            throw new EngineException(reason);
        }
    }

    /// <summary>Like <see cref="EnsureLoaded"/> but reports the cause instead of throwing.</summary>
    internal static bool TryEnsureLoaded(out string reason)
    {
        lock (InitLock)
        {
            if (!_initialized)
            {
                _initialized = true;
                _loadError = Initialize();
            }

            reason = _loadError ?? string.Empty;
            return _loadError is null;
        }
    }

    private static string? Initialize()
    {
        if (!TryLoadAny(SphinxBaseCandidates, out _) || !TryLoadAny(PocketSphinxCandidates, out _))
        {
            return NotInstalledMessage;
        }

        NativeLibrary.SetDllImportResolver(typeof(PocketSphinxLibrary).Assembly, Resolve);
        try
        {
            RouteLogging();
        }
        catch (EntryPointNotFoundException e)
        {
            return $"PocketSphinx libraries found but of an unsupported version (missing {e.Message}): install libpocketsphinx3 0.8+5prealpha";
        }

        return null;
    }

    private static void RouteLogging()
    {
        var logFile = Environment.GetEnvironmentVariable(LogFileVariable);
        if (!string.IsNullOrWhiteSpace(logFile) && SphinxBaseNative.err_set_logfile(logFile) == 0)
        {
            return;
        }

        // The library logs to stderr by default (stdout in some builds); a null stream disables it.
        SphinxBaseNative.err_set_logfp(0);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName switch
        {
            PocketSphinxName when TryLoadAny(PocketSphinxCandidates, out var handle) => handle,
            SphinxBaseName when TryLoadAny(SphinxBaseCandidates, out var handle) => handle,
            _ => 0,
        };

    private static bool TryLoadAny(string[] candidates, out nint handle)
    {
        foreach (var name in candidates)
        {
            if (NativeLibrary.TryLoad(name, out handle))
            {
                return true;
            }
        }

        handle = 0;
        return false;
    }
}
