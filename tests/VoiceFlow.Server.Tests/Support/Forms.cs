using System.Net.Http.Headers;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>Multipart bodies as OpenAI clients send them.</summary>
internal static class Forms
{
    public static MultipartFormDataContent Transcription(byte[] audio, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "speech.wav");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }
}
