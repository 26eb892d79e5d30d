using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loop.Engine.Journal;

/// <summary>
/// A small actor system with the engine's Akka.Persistence settings and nothing else, for <c>loop journal</c>:
/// it reads through Akka.Persistence.Query, also while an engine runs on the same journal.
/// </summary>
internal sealed class JournalReaderHost : IAsyncDisposable
{
    private readonly IHost _host;

    private JournalReaderHost(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public static async Task<JournalReaderHost> StartAsync(JournalDatabase database, CancellationToken cancellationToken)
    {
        var host = new HostBuilder()
            .ConfigureLogging(static logging => logging.ClearProviders())
            .ConfigureServices(services => services.AddAkka("loop-journal", akka => akka
                .AddHocon(ConfigurationFactory.ParseString("akka { stdout-loglevel = OFF, loglevel = OFF, log-dead-letters = off }"), HoconAddMode.Prepend)
                .WithLoopJournal(database)))
            .Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new JournalReaderHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
