using System;
using System.IO;
using System.Text.Json;

namespace IncidentSdk.Testing;

// JSON writing: result and error envelopes, and the error a method throws to answer with one.
public sealed partial class FakeZabbixService
{
    private static byte[] ResultBody(string id, Action<Utf8JsonWriter> result) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WritePropertyName("result");
        result(w);
        w.WritePropertyName("id");
        w.WriteRawValue(id);
        w.WriteEndObject();
    });

    private static byte[] ErrorBody(string? id, int code, string data) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("jsonrpc", "2.0");
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", code switch
        {
            -32700 => "Parse error",
            -32600 => "Invalid request.",
            -32601 => "Method not found.",
            -32602 => "Invalid params.",
            -32603 => "Internal error.",
            _ => "Application error.",
        });
        w.WriteString("data", data);
        w.WriteEndObject();
        w.WritePropertyName("id");
        if (id is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(id);
        }

        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>A JSON-RPC error to answer: the code and the <c>data</c> text.</summary>
    private sealed class RpcError(int code, string data) : Exception(data)
    {
        public int Code { get; } = code;

        public string ErrorData { get; } = data;
    }
}
