namespace VoiceFlow.Core.PostProcessing;

/// <summary>One step of transcript clean-up. Steps are pure functions of their input text.</summary>
public interface ITextProcessor
{
    /// <summary>Name used in configuration and diagnostics.</summary>
    string Name { get; }

    string Process(string text);
}
