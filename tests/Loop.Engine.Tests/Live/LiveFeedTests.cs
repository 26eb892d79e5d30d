using System.Text;
using Loop.Engine.Live;

namespace Loop.Engine.Tests.Live;

public sealed class LiveFeedTests
{
    [Fact]
    public async Task APageThatDoesNotRead_KeepsOnlyItsLastFrames_AndTheStandingOneFirst()
    {
        var feed = new LiveFeed();
        feed.SetCurrent(Encoding.UTF8.GetBytes("standing"));
        using var stop = new CancellationTokenSource();
        var page = feed.ReadAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await page.MoveNextAsync()); // the page is open from here
        Assert.Equal("standing", Encoding.UTF8.GetString(page.Current.Span));

        for (var i = 0; i < 1000; i++)
        {
            feed.Publish(Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var read = new List<string>();
        for (var i = 0; i < LiveFeed.FramesPerPage; i++)
        {
            Assert.True(await page.MoveNextAsync());
            read.Add(Encoding.UTF8.GetString(page.Current.Span));
        }

        Assert.Equal(Enumerable.Range(1000 - LiveFeed.FramesPerPage, LiveFeed.FramesPerPage).Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), read);
        Assert.Equal(1, feed.Pages);
        await stop.CancelAsync();
        await page.DisposeAsync();
        Assert.Equal(0, feed.Pages); // a page that went away is forgotten
    }
}
