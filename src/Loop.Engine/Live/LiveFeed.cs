using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Loop.Engine.Live;

/// <summary>
/// The frames the live web view reads (<c>GET /live</c>), handed to every open page. Each page has a
/// queue of its own of at most <see cref="FramesPerPage"/> frames; a page that reads slower loses its
/// oldest frames, so a stalled browser never grows the engine's memory and never slows another page.
/// </summary>
internal sealed class LiveFeed
{
    /// <summary>How many frames wait for a page before its oldest are dropped.</summary>
    public const int FramesPerPage = 8;

    private readonly Lock _gate = new();
    private readonly List<Channel<byte[]>> _pages = [];
    private byte[]? _current;

    /// <summary>Gets how many pages are open.</summary>
    public int Pages
    {
        get
        {
            lock (_gate)
            {
                return _pages.Count;
            }
        }
    }

    /// <summary>Sends a frame to every open page.</summary>
    public void Publish(byte[] frame)
    {
        lock (_gate)
        {
            foreach (var page in _pages)
            {
                page.Writer.TryWrite(frame);
            }
        }
    }

    /// <summary>Sets what a page that opens now is sent first (the R-Axis signals standing, the loop's state), before any frame.</summary>
    public void SetCurrent(byte[] frame) => Volatile.Write(ref _current, frame);

    /// <summary>The frames for one page, from now until it goes away.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(FramesPerPage) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _pages.Add(page);
        }

        try
        {
            if (Volatile.Read(ref _current) is { } current)
            {
                yield return current;
            }

            await foreach (var frame in page.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }
        finally
        {
            lock (_gate)
            {
                _pages.Remove(page);
            }
        }
    }
}
