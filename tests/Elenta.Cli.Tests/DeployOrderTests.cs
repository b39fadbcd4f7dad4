using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Deploy;
using Elenta.Deploy.Health;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>The after: order as the deployer runs it, on real threads: a machine starts once those it comes after are done, and not at all when one failed.</summary>
public sealed class DeployOrderTests
{
    private static DeployTarget Target(string name) => new(name, name + ".canon", "127.0.0.1", 22, "root", DriverKind.Files);

    /// <summary>Hooks in which each machine comes after the machines given.</summary>
    private static Func<string, MachineHooks> After(Dictionary<string, string[]> before) =>
        machine => new MachineHooks(machine, [], [], [], before.GetValueOrDefault(machine, []).Select(b => new DeployEdge(b, machine, "r", new DeployAfter(b, null!))).ToList());

    private static MachineOutcome Outcome(DeployTarget t, bool ok, string outcome) => new(t, ok, outcome, string.Empty, null, 0, null);

    [Fact]
    public void MachinesStartAfterThoseTheyComeAfterEvenThroughMachinesNotTargeted()
    {
        // web after db; db after dns (not targeted) after router: web waits for db and router.
        var hooks = After(new() { ["web"] = ["db"], ["db"] = ["dns"], ["dns"] = ["router"] });
        var ended = new List<string>();
        var started = new List<(string Machine, string[] EndedBefore)>();
        var targets = new[] { "web", "db", "router", "other" }.Select(Target).ToList();
        var outcomes = DeployOrder.Run(targets, 4, hooks, (t, failed) => Outcome(t, false, "not started"), t =>
        {
            lock (ended)
            {
                started.Add((t.Machine, [.. ended]));
            }

            Thread.Sleep(t.Machine == "router" ? 300 : 100);
            lock (ended)
            {
                ended.Add(t.Machine);
            }

            return Outcome(t, true, "done");
        });
        Assert.Equal(["web", "db", "router", "other"], outcomes.Select(o => o.Target.Machine));
        Assert.All(outcomes, o => Assert.True(o.Ok));
        var web = started.Single(s => s.Machine == "web").EndedBefore;
        Assert.Contains("db", web);
        Assert.Contains("router", web);
        Assert.Contains("router", started.Single(s => s.Machine == "db").EndedBefore);
        Assert.DoesNotContain("router", started.Single(s => s.Machine == "other").EndedBefore); // in parallel with router
    }

    [Fact]
    public void AMachineWhosePredecessorFailedIsNotStarted()
    {
        var hooks = After(new() { ["web"] = ["db"] });
        var ran = new List<string>();
        var outcomes = DeployOrder.Run([Target("web"), Target("db")], 2, hooks,
            (t, failed) => Outcome(t, false, "held back by " + string.Join(",", failed)),
            t =>
            {
                lock (ran)
                {
                    ran.Add(t.Machine);
                }

                return Outcome(t, t.Machine != "db", "ran");
            });
        Assert.Equal(["db"], ran);
        Assert.Equal("held back by db", outcomes[0].Outcome);
    }

    [Fact]
    public void ASkippedPredecessorHoldsNothingBack()
    {
        var hooks = After(new() { ["web"] = ["nixos-dns"] });
        var outcomes = DeployOrder.Run([Target("web"), Target("nixos-dns")], 2, hooks, (t, failed) => Outcome(t, false, "held"),
            t => t.Machine == "web" ? Outcome(t, true, "ran") : Outcome(t, false, "skipped"));
        Assert.Equal("ran", outcomes[0].Outcome);
    }

    [Fact]
    public void MachinesInACycleStillRunOneAtATimeInsteadOfWaitingForever()
    {
        var hooks = After(new() { ["a"] = ["b"], ["b"] = ["a"] });
        var outcomes = DeployOrder.Run([Target("a"), Target("b")], 2, hooks, (t, failed) => Outcome(t, false, "held"), t => Outcome(t, true, "ran"));
        Assert.All(outcomes, o => Assert.Equal("ran", o.Outcome));
    }
}
