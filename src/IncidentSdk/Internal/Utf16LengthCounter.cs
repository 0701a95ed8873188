using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IncidentSdk.Internal;

/// <summary>
/// Measures how many UTF-16 characters a value's JSON takes, without keeping the JSON: the writer's bytes land in a
/// reused scratch buffer and are only counted. One instance per thread, so validation allocates nothing once warm.
/// </summary>
#pragma warning disable CA1001 // One per thread for the thread's lifetime; the writer holds no unmanaged resource.
internal sealed class Utf16LengthCounter : IBufferWriter<byte>
#pragma warning restore CA1001
{
    [ThreadStatic]
    private static Utf16LengthCounter? _current;

    private byte[] _scratch = new byte[4096];
    private readonly Utf8JsonWriter _writer;
    private int _length;

    // The wire contexts write non-ASCII text unescaped; measure with the same encoder.
    private Utf16LengthCounter() =>
        _writer = new Utf8JsonWriter(this, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static int Measure<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var counter = _current ??= new Utf16LengthCounter();
        counter._length = 0;
        counter._writer.Reset(counter);
        try
        {
            JsonSerializer.Serialize(counter._writer, value, typeInfo);
            counter._writer.Flush();
            return counter._length;
        }
        catch
        {
            _current = null;
            throw;
        }
    }

    public void Advance(int count)
    {
        foreach (var b in _scratch.AsSpan(0, count))
        {
            // Every UTF-8 lead byte starts one character; a 4-byte sequence is a surrogate pair (two UTF-16 units).
            if ((b & 0xC0) != 0x80)
            {
                _length += b >= 0xF0 ? 2 : 1;
            }
        }
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

    private byte[] Scratch(int sizeHint)
    {
        if (sizeHint > _scratch.Length)
        {
            _scratch = new byte[Math.Max(sizeHint, _scratch.Length * 2)];
        }

        return _scratch;
    }
}
