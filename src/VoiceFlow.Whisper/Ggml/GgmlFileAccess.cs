namespace VoiceFlow.Whisper.Ggml;

/// <summary>How a model file's bytes are brought into memory.</summary>
public enum GgmlFileAccess
{
    /// <summary>
    /// Read the whole file into private memory at load (the default). The loaded model does not depend on the
    /// file afterwards: deleting, truncating or overwriting it while the model is in use changes nothing.
    /// Costs one read of the file at load (about 25 ms per 100 MB from the page cache) and private memory
    /// equal to the file size, which the weights occupy anyway once every layer has run.
    /// </summary>
    CopyIntoMemory,

    /// <summary>
    /// Map the file read-only: no read at load, pages come from the page cache on first use and are shared by
    /// every process that maps the same file. But the model then reads the file for its whole life: another
    /// program overwriting it in place changes the weights, and truncating it kills the process (SIGBUS) on the
    /// next access to a page past the new end. Only for files nothing else writes to.
    /// </summary>
    MemoryMap,
}
