using System.Globalization;

namespace IncidentSdk.FaultTests.Support;

/// <summary>Server-side behaviours that break a response in one specific way.</summary>
internal static class Faults
{
    /// <summary>The request id the fake services put in <c>X-Request-Id</c>.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    public const string BadGatewayPage = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>";

    /// <summary>Reads the whole request, then drops the connection without a response.</summary>
    public static async Task AbortAfterReadAsync(HttpContext context)
    {
        await FaultServer.ReadBodyAsync(context);
        context.Abort();
    }

    /// <summary>Sends the headers and half of a declared body, then drops the connection.</summary>
    public static async Task ResetMidBodyAsync(HttpContext context)
    {
        await FaultServer.ReadBodyAsync(context);
        var body = Encoding.UTF8.GetBytes("""{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null,"padding":"0123456789"}""");
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(50, context.RequestAborted);
        context.Abort();
    }

    /// <summary>Sends the status line and headers, then nothing until the client gives up (at most <paramref name="stall"/>).</summary>
    public static async Task HeadersThenStallAsync(HttpContext context, TimeSpan stall)
    {
        await FaultServer.ReadBodyAsync(context);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = 100;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await QuietDelay(stall, context.RequestAborted);
        context.Abort();
    }

    /// <summary>Sends a declared body one byte per <paramref name="interval"/>, for at most <paramref name="duration"/>.</summary>
    public static async Task DripAsync(HttpContext context, byte[] body, TimeSpan interval, TimeSpan duration)
    {
        await FaultServer.ReadBodyAsync(context);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        var end = DateTime.UtcNow + duration;
        try
        {
            for (var i = 0; i < body.Length && DateTime.UtcNow < end; i++)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(i, 1), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(interval, context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }

        context.Abort();
    }

    /// <summary>Answers with a status, optional headers and a body (written as is).</summary>
    public static async Task RespondAsync(HttpContext context, int status, string? body, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        await RespondAsync(context, status, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, headers);
    }

    public static async Task RespondAsync(HttpContext context, int status, byte[]? body, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        await FaultServer.ReadBodyAsync(context);
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        if (body is not null)
        {
            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
        else
        {
            context.Response.ContentLength = 0;
        }
    }

    /// <summary>
    /// Streams <paramref name="total"/> bytes of a JSON string value in 64 KiB writes (declared or chunked) until the
    /// client closes the connection; completes <paramref name="done"/>.
    /// </summary>
    public static async Task HugeBodyAsync(HttpContext context, long total, bool declareLength, TaskCompletionSource done)
    {
        try
        {
            await FaultServer.ReadBodyAsync(context);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            if (declareLength)
            {
                context.Response.ContentLength = total;
            }

            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)'a');
            var head = Encoding.ASCII.GetBytes("""{"error_code":"GOM.00000000","data":" """.TrimEnd());
            head.CopyTo(chunk, 0);
            long sent = 0;
            // Kestrel drops writes to a connection the client closed without failing them: stop when it says so.
            while (sent < total && !context.RequestAborted.IsCancellationRequested)
            {
                var count = (int)Math.Min(chunk.Length, total - sent);
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted);
                sent += count;
                if (sent == chunk.Length)
                {
                    chunk.AsSpan(0, head.Length).Fill((byte)'a');
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.IO.IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // The client stopped reading and closed the connection.
        }
        finally
        {
            done.TrySetResult();
        }
    }

    /// <summary>An HTTP-date <paramref name="ahead"/> from now, for <c>Retry-After</c>.</summary>
    public static string HttpDate(TimeSpan ahead) => DateTimeOffset.UtcNow.Add(ahead).ToString("r", CultureInfo.InvariantCulture);

    private static async Task QuietDelay(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token);
        }
        catch (OperationCanceledException)
        {
            // The client went away first.
        }
    }
}
