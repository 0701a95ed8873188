using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IncidentSdk.Cli;

/// <summary>Writes one JSON object per line with <see cref="Utf8JsonWriter"/> (no reflection).</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The output is read by programs, not embedded in HTML, so non-ASCII text stays readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            writeMembers(json);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Writes a success object: <c>ok</c>, <c>service</c> and <c>offline</c>, then the command's members.</summary>
    public static void WriteSuccess(TextWriter output, string service, bool offline, Action<Utf8JsonWriter> writeMembers) =>
        WriteObject(output, json =>
        {
            json.WriteBoolean("ok", true);
            json.WriteString("service", service);
            json.WriteBoolean("offline", offline);
            writeMembers(json);
        });

    public static void WriteStringOrNull(this Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
