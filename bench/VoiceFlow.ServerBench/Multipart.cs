using System.Net.Http.Headers;

namespace VoiceFlow.ServerBench;

/// <summary>Multipart bodies as OpenAI clients send them (used by the bench, the load run and the server tests).</summary>
internal static class Multipart
{
    /// <summary>A transcription form: <paramref name="bytes"/> as field <c>file</c> named <paramref name="fileName"/>, then <paramref name="fields"/>.</summary>
    public static MultipartFormDataContent Transcription(byte[] bytes, string fileName = "speech.wav", params (string Name, string Value)[] fields)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }
}
