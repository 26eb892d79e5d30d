using Akka.Hosting;
using Loop.Engine.Hosting;
using Loop.Engine.Spec;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loop.Engine.Tests.Hosting;

/// <summary>
/// What a failed start tells the user, from what a real host's start throws: Akka.Hosting rethrows what
/// stopped the actor system or an actor from starting; the engine says it in one line.
/// </summary>
public sealed class StartErrorsTests
{
    [Fact]
    public async Task ActorSystemSettingRefused_OneLineNamingTheCause()
    {
        var thrown = await StartBroken(akka => akka.AddHocon("akka.actor.provider = \"No.Such.Provider, Nowhere\"", HoconAddMode.Prepend));

        var error = StartErrors.ToCliError(thrown, new ExporterSection("127.0.0.1", 9108, null));

        Assert.StartsWith("the actor system did not start: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("No.Such.Provider", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(" at Akka.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActorOnADispatcherThatDoesNotExist_OneLineNamingIt()
    {
        var thrown = await StartBroken(akka => akka.WithActors((system, _) => system.ActorOf(Akka.Actor.Props.Empty.WithDispatcher("no-such-dispatcher"))));

        var error = StartErrors.ToCliError(thrown, new ExporterSection("127.0.0.1", 9108, null));

        Assert.Contains("Dispatcher [no-such-dispatcher] not configured", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void PortInUse_SaysWhatToDo()
    {
        var error = StartErrors.ToCliError(new IOException("Failed to bind", new IOException("Address already in use")), new ExporterSection("127.0.0.1", 9108, null));

        Assert.Equal("cannot listen on 127.0.0.1:9108 (Address already in use); stop what uses that port or pass --port with a free one.", error.Message);
    }

    private static async Task<Exception> StartBroken(Action<AkkaConfigurationBuilder> configure)
    {
        using var host = new HostBuilder()
            .ConfigureLogging(static logging => logging.ClearProviders())
            .ConfigureServices(services => services.AddAkka("broken", configure))
            .Build();
        var thrown = await Record.ExceptionAsync(() => host.StartAsync());
        Assert.NotNull(thrown);
        return thrown;
    }
}
