using System.Collections.Frozen;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>
/// What Whisper-style engines write when they hear no speech: phrases from the subtitles and video outros of their
/// training data, and the annotations subtitle files use for non-speech. All lower case, punctuation removed (the
/// form <see cref="HallucinationFilter.Normalize"/> produces).
/// </summary>
internal static class HallucinationPhrases
{
    /// <summary>Whole utterances that are dropped when they are all the engine heard.</summary>
    public static readonly FrozenSet<string> WholeUtterances = FrozenSet.Create(StringComparer.Ordinal,
        "thank you", "thank you very much", "thank you so much", "thanks",
        "thanks for watching", "thank you for watching", "thanks for listening", "thank you for listening",
        "thanks for watching and see you next time", "thank you for watching and see you next time",
        "please subscribe", "please like and subscribe", "like and subscribe", "subscribe to my channel",
        "please subscribe to my channel", "don't forget to like and subscribe", "see you next time",
        "see you in the next video", "see you in the next one", "bye", "bye bye", "goodbye", "you", "the end",
        "music", "silence", "applause");

    /// <summary>Credits: an utterance that starts with one of these (and is short) is a subtitle credit, not speech.</summary>
    public static readonly string[] CreditPrefixes =
    [
        "subtitles by", "subtitled by", "subtitles made by", "subtitles created by", "captions by", "captioning by",
        "captioned by", "closed captioning by", "transcribed by", "transcription by", "translated by", "translation by",
        "amara org", "subtitles by the amara org community",
    ];

    /// <summary>Words of the parenthesised and starred non-speech annotations: "(upbeat music)", "*laughs*".</summary>
    public static readonly FrozenSet<string> NonSpeechWords = FrozenSet.Create(StringComparer.Ordinal,
        "music", "musical", "instrumental", "upbeat", "dramatic", "soft", "gentle", "intro", "outro", "background",
        "silence", "silent", "blank", "audio", "no", "speech", "pause", "noise", "static", "inaudible", "unintelligible",
        "crosstalk", "foreign", "language", "speaking", "laughs", "laughing", "laughter", "chuckles", "applause",
        "clapping", "cheering", "crowd", "coughs", "coughing", "sighs", "sniffs", "breathing", "beep", "beeping",
        "wind", "footsteps", "humming", "whistling", "door", "bell", "ringing", "playing", "plays", "sound", "sounds");
}
