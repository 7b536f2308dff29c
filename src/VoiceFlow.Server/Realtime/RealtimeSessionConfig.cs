using System.Text.Json;
using VoiceFlow.Server.Audio;

namespace VoiceFlow.Server.Realtime;

/// <summary>Server VAD settings as OpenAI names them.</summary>
/// <param name="Threshold">0..1: how loud speech must be (mapped onto the energy detector's start threshold, 0.5 = its default).</param>
/// <param name="PrefixPaddingMs">Audio kept before the detected start of speech.</param>
/// <param name="SilenceDurationMs">The pause that ends a turn.</param>
internal sealed record RealtimeTurnDetection(double Threshold, int PrefixPaddingMs, int SilenceDurationMs)
{
    public static RealtimeTurnDetection Default { get; } = new(0.5, 300, 500);

    public RealtimeTurnDetectionJson ToJson() => new("server_vad", Threshold, PrefixPaddingMs, SilenceDurationMs);
}

/// <summary>A problem with a client event: the message, the field (<c>param</c>) and OpenAI's error code.</summary>
internal sealed record RealtimeProblem(string Message, string? Param, string Code = "invalid_value");

/// <summary>
/// A transcription session's settings: the input format, the transcription options and the turn detection (null: the
/// client commits). Applies <c>session.update</c> (current shape) and <c>transcription_session.update</c> (older shape)
/// onto the settings in force; fields left out keep their value.
/// </summary>
internal sealed record RealtimeSessionConfig(
    IncomingSampleEncoding Encoding,
    int Rate,
    string Model,
    string? Language,
    string? Prompt,
    RealtimeTurnDetection? TurnDetection)
{
    private const int MaxPromptLength = 1000;

    public static RealtimeSessionConfig Default(string model) => new(IncomingSampleEncoding.Int16, 24_000, model, null, null, RealtimeTurnDetection.Default);

    /// <summary>The input format as the current shape names it.</summary>
    public RealtimeAudioFormatJson FormatJson => Encoding switch
    {
        IncomingSampleEncoding.MuLaw => new("audio/pcmu", null),
        IncomingSampleEncoding.ALaw => new("audio/pcma", null),
        _ => new("audio/pcm", Rate),
    };

    /// <summary>The input format as the older shape names it.</summary>
    public string BetaFormatName => Encoding switch
    {
        IncomingSampleEncoding.MuLaw => "g711_ulaw",
        IncomingSampleEncoding.ALaw => "g711_alaw",
        _ => "pcm16",
    };

    public RealtimeTranscriptionJson TranscriptionJson => new(Model, Language, Prompt);

    /// <summary>Applies the <c>session</c> object of a <c>session.update</c>.</summary>
    public (RealtimeSessionConfig? Config, RealtimeProblem? Problem) ApplyCurrent(JsonElement session, Func<string, bool> serves)
    {
        if (session.ValueKind != JsonValueKind.Object)
        {
            return Fail("session.update needs a 'session' object", "session");
        }

        if (session.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "transcription"))
        {
            return Fail($"this server only transcribes: session.type must be \"transcription\", not {type.GetRawText()}", "session.type");
        }

        var config = this;
        if (!session.TryGetProperty("audio", out var audio) || audio.ValueKind == JsonValueKind.Null)
        {
            return (config, null);
        }

        if (audio.ValueKind != JsonValueKind.Object)
        {
            return Fail("session.audio must be an object", "session.audio");
        }

        if (!audio.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            return (config, null);
        }

        if (input.ValueKind != JsonValueKind.Object)
        {
            return Fail("session.audio.input must be an object", "session.audio.input");
        }

        RealtimeProblem? problem;
        if (input.TryGetProperty("format", out var format) && format.ValueKind != JsonValueKind.Null)
        {
            (config, problem) = config!.WithCurrentFormat(format);
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        if (input.TryGetProperty("transcription", out var transcription) && transcription.ValueKind != JsonValueKind.Null)
        {
            (config, problem) = config!.WithTranscription(transcription, "session.audio.input.transcription", serves);
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        if (input.TryGetProperty("turn_detection", out var turns))
        {
            (config, problem) = config!.WithTurnDetection(turns, "session.audio.input.turn_detection");
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        return (config, null);
    }

    /// <summary>Applies the <c>session</c> object of a <c>transcription_session.update</c> (the older shape).</summary>
    public (RealtimeSessionConfig? Config, RealtimeProblem? Problem) ApplyBeta(JsonElement session, Func<string, bool> serves)
    {
        if (session.ValueKind != JsonValueKind.Object)
        {
            return Fail("transcription_session.update needs a 'session' object", "session");
        }

        var config = this;
        RealtimeProblem? problem;
        if (session.TryGetProperty("input_audio_format", out var format) && format.ValueKind != JsonValueKind.Null)
        {
            var encoding = format.ValueKind == JsonValueKind.String
                ? format.GetString() switch
                {
                    "pcm16" => IncomingSampleEncoding.Int16,
                    "g711_ulaw" => IncomingSampleEncoding.MuLaw,
                    "g711_alaw" => IncomingSampleEncoding.ALaw,
                    _ => (IncomingSampleEncoding?)null,
                }
                : null;
            if (encoding is null)
            {
                return Fail($"input_audio_format {format.GetRawText()} is not supported (allowed: pcm16, g711_ulaw, g711_alaw)", "session.input_audio_format");
            }

            config = config with { Encoding = encoding.Value, Rate = encoding == IncomingSampleEncoding.Int16 ? 24_000 : 8_000 };
        }

        if (session.TryGetProperty("input_audio_transcription", out var transcription) && transcription.ValueKind != JsonValueKind.Null)
        {
            (config, problem) = config!.WithTranscription(transcription, "session.input_audio_transcription", serves);
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        if (session.TryGetProperty("turn_detection", out var turns))
        {
            (config, problem) = config!.WithTurnDetection(turns, "session.turn_detection");
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        return (config, null);
    }

    private (RealtimeSessionConfig? Config, RealtimeProblem? Problem) WithCurrentFormat(JsonElement format)
    {
        const string Param = "session.audio.input.format";
        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return Fail("session.audio.input.format must be an object with a 'type' (audio/pcm, audio/pcmu or audio/pcma)", Param);
        }

        switch (type.GetString())
        {
            case "audio/pcmu":
                return (this with { Encoding = IncomingSampleEncoding.MuLaw, Rate = 8_000 }, null);
            case "audio/pcma":
                return (this with { Encoding = IncomingSampleEncoding.ALaw, Rate = 8_000 }, null);
            case "audio/pcm":
                int rate = 24_000;
                if (format.TryGetProperty("rate", out var rateValue) && rateValue.ValueKind != JsonValueKind.Null
                    && (!rateValue.TryGetInt32(out rate) || rate < IncomingAudioConverter.MinRate || rate > IncomingAudioConverter.MaxRate))
                {
                    return Fail($"audio/pcm rate {rateValue.GetRawText()} is not supported (24000 as OpenAI, or any rate from {IncomingAudioConverter.MinRate} to {IncomingAudioConverter.MaxRate} Hz)", Param + ".rate");
                }

                return (this with { Encoding = IncomingSampleEncoding.Int16, Rate = rate }, null);
            default:
                return Fail($"audio format '{type.GetString()}' is not supported (allowed: audio/pcm, audio/pcmu, audio/pcma)", Param + ".type");
        }
    }

    private (RealtimeSessionConfig? Config, RealtimeProblem? Problem) WithTranscription(JsonElement transcription, string param, Func<string, bool> serves)
    {
        if (transcription.ValueKind != JsonValueKind.Object)
        {
            return Fail($"{param} must be an object with model, language and prompt", param);
        }

        var config = this;
        if (transcription.TryGetProperty("model", out var model) && model.ValueKind != JsonValueKind.Null)
        {
            if (model.ValueKind != JsonValueKind.String || !serves(model.GetString()!))
            {
                return (null, new RealtimeProblem($"model {model.GetRawText()} is not loaded on this server (see GET /v1/models)", param + ".model", "model_not_found"));
            }

            config = config with { Model = model.GetString()! };
        }

        if (transcription.TryGetProperty("language", out var language))
        {
            string? code = language.ValueKind == JsonValueKind.String ? language.GetString() : null;
            if (language.ValueKind is not (JsonValueKind.Null or JsonValueKind.String)
                || (!string.IsNullOrEmpty(code) && !(code == "auto" || (code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower)))))
            {
                return Fail($"language {language.GetRawText()} is not an ISO 639-1 code such as \"en\"", param + ".language");
            }

            config = config with { Language = string.IsNullOrEmpty(code) ? null : code };
        }

        if (transcription.TryGetProperty("prompt", out var prompt))
        {
            string? text = prompt.ValueKind == JsonValueKind.String ? prompt.GetString() : null;
            if (prompt.ValueKind is not (JsonValueKind.Null or JsonValueKind.String) || text is { Length: > MaxPromptLength })
            {
                return Fail($"prompt must be a string of at most {MaxPromptLength} characters", param + ".prompt");
            }

            config = config with { Prompt = string.IsNullOrWhiteSpace(text) ? null : text };
        }

        return (config, null);
    }

    private (RealtimeSessionConfig? Config, RealtimeProblem? Problem) WithTurnDetection(JsonElement turns, string param)
    {
        if (turns.ValueKind == JsonValueKind.Null)
        {
            return (this with { TurnDetection = null }, null);
        }

        if (turns.ValueKind != JsonValueKind.Object)
        {
            return Fail($"{param} must be null or an object with type \"server_vad\"", param);
        }

        if (turns.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() is "server_vad" or "semantic_vad"))
        {
            return Fail($"turn detection type {type.GetRawText()} is not supported (allowed: server_vad; semantic_vad runs as server_vad)", param + ".type");
        }

        var current = TurnDetection ?? RealtimeTurnDetection.Default;
        double threshold = current.Threshold;
        if (turns.TryGetProperty("threshold", out var t) && t.ValueKind != JsonValueKind.Null && (!t.TryGetDouble(out threshold) || !(threshold is >= 0 and <= 1)))
        {
            return Fail($"threshold {t.GetRawText()} is not a number from 0 to 1", param + ".threshold");
        }

        int padding = current.PrefixPaddingMs;
        if (turns.TryGetProperty("prefix_padding_ms", out var p) && p.ValueKind != JsonValueKind.Null && (!p.TryGetInt32(out padding) || padding is < 0 or > 2000))
        {
            return Fail($"prefix_padding_ms {p.GetRawText()} is not a whole number from 0 to 2000", param + ".prefix_padding_ms");
        }

        int silence = current.SilenceDurationMs;
        if (turns.TryGetProperty("silence_duration_ms", out var s) && s.ValueKind != JsonValueKind.Null && (!s.TryGetInt32(out silence) || silence is < 100 or > 10_000))
        {
            return Fail($"silence_duration_ms {s.GetRawText()} is not a whole number from 100 to 10000", param + ".silence_duration_ms");
        }

        return (this with { TurnDetection = new RealtimeTurnDetection(threshold, padding, silence) }, null);
    }

    private static (RealtimeSessionConfig? Config, RealtimeProblem? Problem) Fail(string message, string param) => (null, new RealtimeProblem(message, param));
}
