using Microsoft.Extensions.Hosting;

namespace Loop.Engine.Hosting;

/// <summary>
/// One step of the engine's start as a hosted service: hosted services start in the order they are
/// added, after Kestrel bound its port, so a step added before <c>AddAkka</c> runs before the actor system
/// starts (the engine opens its files and recovers its journal there).
/// </summary>
internal sealed class StartupStep(Func<CancellationToken, Task> start) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => start(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
