using Akka.Cluster.Tools.Singleton;

namespace Loop.Engine.Alerting;

/// <summary>Alerting on a node of a cluster: the signal board as a ClusterSingleton, reached through its proxy, fed by this node's relay.</summary>
internal static class ClusterAlerting
{
    /// <summary>
    /// Starts the board's singleton manager and a proxy to it on this node, and this node's <see cref="NodeSignalRelay"/>;
    /// returns the relay (ask it <see cref="NodeSignalRelay.Stopping"/> on a clean stop).
    /// </summary>
    /// <param name="system">The node's actor system.</param>
    /// <param name="notifier">The Alertmanager notifier's props, or null.</param>
    /// <param name="node">This node, host:port.</param>
    /// <returns>The relay.</returns>
    public static IActorRef Start(ActorSystem system, Props? notifier, string node)
    {
        system.ActorOf(
            ClusterSingletonManager.Props(Props.Create(() => new ClusterSignalBoard(notifier)), PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)),
            "signal-board");
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/signal-board", ClusterSingletonProxySettings.Create(system)), "signal-board-proxy");
        return system.ActorOf(Props.Create(() => new NodeSignalRelay(proxy, node)), "signal-relay");
    }
}
