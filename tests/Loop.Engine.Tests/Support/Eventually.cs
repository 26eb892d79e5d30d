namespace Loop.Engine.Tests.Support;

/// <summary>Retries an asynchronous assertion until it passes or the time is up (then its last failure is thrown).</summary>
internal static class Eventually
{
    public static async Task AssertAsync(Func<Task> assertion, TimeSpan timeout, TimeSpan? interval = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (watch.Elapsed < timeout)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
