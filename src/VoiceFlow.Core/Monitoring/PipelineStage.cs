namespace VoiceFlow.Core.Monitoring;

/// <summary>The named stages of one transcription, timed separately.</summary>
public enum PipelineStage
{
    /// <summary>Reading and decoding the input (file, HTTP body, capture).</summary>
    Decode = 0,

    /// <summary>Audio validation and the finite guard.</summary>
    Validate = 1,

    /// <summary>Conversion to 16 kHz mono.</summary>
    Resample = 2,

    /// <summary>Voice activity detection and splitting.</summary>
    Vad = 3,

    /// <summary>The recogniser itself.</summary>
    Recognise = 4,

    /// <summary>Text clean-up after recognition.</summary>
    Postprocess = 5,
}
