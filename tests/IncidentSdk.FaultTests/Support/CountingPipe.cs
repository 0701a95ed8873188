using System.IO.Pipelines;

namespace IncidentSdk.FaultTests.Support;

/// <summary>A connection's transport whose output counts the bytes Kestrel hands to the socket.</summary>
internal sealed class CountingDuplexPipe(IDuplexPipe inner, Action<long> count) : IDuplexPipe
{
    public PipeReader Input { get; } = inner.Input;

    public PipeWriter Output { get; } = new CountingWriter(inner.Output, count);

    private sealed class CountingWriter(PipeWriter inner, Action<long> count) : PipeWriter
    {
        public override void Advance(int bytes)
        {
            count(bytes);
            inner.Advance(bytes);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
    }
}
