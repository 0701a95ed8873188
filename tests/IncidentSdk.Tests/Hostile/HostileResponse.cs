using System.Globalization;
using System.IO;

namespace IncidentSdk.Tests.Hostile;

/// <summary>One hostile answer: status, body bytes, headers, and optionally a lying Content-Length, a body that breaks off with an I/O error, or no answer at all.</summary>
internal sealed class HostileResponse
{
    public required string Kind { get; init; }

    public int Status { get; init; } = 200;

    public byte[] Body { get; init; } = [];

    public string? ContentType { get; init; }

    /// <summary>A Content-Length that differs from the body's real length.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>The body stream throws <see cref="IOException"/> after this many bytes.</summary>
    public int? BreakAfter { get; init; }

    /// <summary>The transport throws <see cref="HttpRequestException"/> instead of answering.</summary>
    public bool NoAnswer { get; init; }

    public string? RequestIdHeader { get; init; }

    public string? RetryAfterHeader { get; init; }

    public string? DateHeader { get; init; }

    public HttpResponseMessage ToMessage()
    {
        if (NoAnswer)
        {
            throw new HttpRequestException("The connection was reset (hostile transport).");
        }

        HttpContent content = BreakAfter is { } after ? new StreamContent(new BreakingStream(Body, after)) : new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        if (DeclaredLength is { } declared)
        {
            content.Headers.ContentLength = declared;
        }

        var response = new HttpResponseMessage((HttpStatusCode)Status) { Content = content };
        if (RequestIdHeader is not null)
        {
            response.Headers.TryAddWithoutValidation("X-Request-Id", RequestIdHeader);
        }

        if (RetryAfterHeader is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", RetryAfterHeader);
        }

        if (DateHeader is not null)
        {
            response.Headers.TryAddWithoutValidation("Date", DateHeader);
        }

        return response;
    }

    /// <summary>The bytes the client can read, when it can read them all within <paramref name="limit"/>; null when the read must fail.</summary>
    public byte[]? Readable(int limit)
    {
        if (NoAnswer || BreakAfter is not null)
        {
            return null;
        }

        var length = DeclaredLength ?? Body.Length;
        if (length > Body.Length || length > limit)
        {
            return null;
        }

        return Body.AsSpan(0, (int)length).ToArray();
    }

    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Kind}, HTTP {Status}, Content-Type {ContentType ?? "(none)"}, {Body.Length} bytes");
        if (DeclaredLength is { } declared)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", Content-Length {declared}");
        }

        if (BreakAfter is { } after)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", breaks after {after} bytes");
        }

        if (NoAnswer)
        {
            text += ", no answer";
        }

        text += ", X-Request-Id " + (RequestIdHeader ?? "(none)") + ", Retry-After " + (RetryAfterHeader ?? "(none)") + ", Date " + (DateHeader ?? "(none)");
        return text + ", body: " + HostileBytes.Show(Body);
    }

    /// <summary>A body stream that cannot seek (so its length is unknown) and fails part-way.</summary>
    private sealed class BreakingStream(byte[] body, int breakAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var end = Math.Min(breakAfter, body.Length);
            if (_position >= end)
            {
                throw new IOException("The connection broke in the middle of the body (hostile transport).");
            }

            var take = Math.Min(buffer.Length, end - _position);
            body.AsSpan(_position, take).CopyTo(buffer);
            _position += take;
            return take;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Shows bytes for a failure message: printable ASCII as is, everything else as <c>[xx]</c>.</summary>
internal static class HostileBytes
{
    public static string Show(byte[] bytes, int max = 600)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < bytes.Length && i < max; i++)
        {
            var b = bytes[i];
            if (b is >= 0x20 and < 0x7F && b != (byte)'[')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"[{b:X2}]");
            }
        }

        if (bytes.Length > max)
        {
            text.Append(CultureInfo.InvariantCulture, $"…({bytes.Length - max} more bytes)");
        }

        return text.ToString();
    }
}
