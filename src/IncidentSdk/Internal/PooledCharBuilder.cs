using System;
using System.Buffers;

namespace IncidentSdk.Internal;

/// <summary>A string builder over a pooled buffer, for text that is hashed and then dropped (the canonical request).</summary>
internal struct PooledCharBuilder : IDisposable
{
    private char[] _buffer;
    private int _length;

    public PooledCharBuilder(int capacity)
    {
        _buffer = ArrayPool<char>.Shared.Rent(capacity);
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Span => _buffer.AsSpan(0, _length);

    public void Append(char value)
    {
        Grow(1);
        _buffer[_length++] = value;
    }

    public void Append(string? value) => Append(value.AsSpan());

    public void Append(ReadOnlySpan<char> value)
    {
        Grow(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public void AppendHexLower(ReadOnlySpan<byte> bytes)
    {
        const string Digits = "0123456789abcdef";
        Grow(bytes.Length * 2);
        foreach (var b in bytes)
        {
            _buffer[_length++] = Digits[b >> 4];
            _buffer[_length++] = Digits[b & 0xF];
        }
    }

    public override readonly string ToString() => new(_buffer, 0, _length);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private void Grow(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
