using System.CommandLine;
using Elenta.Deploy;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta apply PLANFILE</c>: run exactly the actions of a saved plan.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("PLANFILE") { Description = "A plan saved by `elenta plan --out FILE`" };
        var knownHosts = new Option<string?>("--known-hosts") { Description = "The only host keys trusted (default: the build's ssh/known_hosts, from the cadaster)", HelpName = "FILE" };
        var identity = new Option<string?>("--identity", "-i") { Description = "The operator's private key (default: ssh's own: agent, ~/.ssh/config)", HelpName = "FILE" };
        var parallel = new Option<int?>("--parallel", "-j") { Description = "At most this many machines at once (default: 4 per core, at least 4)", HelpName = "N" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Check the plan against the machines and say what would be done; do nothing" };
        var format = new Option<string>("--format", "-f") { Description = "text, or json (each machine's outcome)", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var guard = new DeployCommand.GuardOptions();
        var rollback = new RollbackOptions();
        var command = new Command("apply",
            """
            Run exactly the actions of a saved plan (`elenta plan --out FILE`): the command it was
            made for (--for: deploy, switch or boot), on the machines it said would change, with the
            site built as the plan's was (the working tree, or its --rev; NixOS systems on its
            --build-host). A machine is refused when
            it runs something else than when planned, or when the site now compiles to other content
            for it: make a new plan. The others go ahead, with the roles' hooks, health checks and
            automatic rollback as deploy has them (--no-rollback). Exits 1 when a machine was
            refused or failed.

            Examples:
              elenta plan --out today.plan && elenta apply today.plan
              elenta apply today.plan --dry-run
            """);
        command.Arguments.Add(file);
        foreach (var o in new Option[] { knownHosts, identity, parallel, dryRun, format })
        {
            command.Options.Add(o);
        }

        guard.AddTo(command);
        rollback.AddTo(command);
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!, context.WorkingDirectory);
            if (!File.Exists(path))
            {
                context.Err.WriteLine($"elenta: {path}: no such plan; write one with `elenta plan --out FILE`");
                return 1;
            }

            var (plan, problem) = SavedPlan.Read(File.ReadAllText(path));
            if (plan is null)
            {
                context.Err.WriteLine($"elenta: {path}: {problem}");
                return 1;
            }

            if (guard.Of(context, parse) is not { } changeGuard)
            {
                return 1;
            }

            var name = SavedPlan.CommandOf(plan.For);
            var acting = plan.Machines.Where(m => m.Action != PlannedAction.None).ToList();
            if (acting.Count == 0)
            {
                context.Out.WriteLine($"apply: the plan has nothing to do ({plan.Machines.Count} machines, none with an action)");
                return 0;
            }

            var display = new DeployOptions.ProgressDisplay(context);
            var request = new DeployOptions.Request(plan.SiteDirectory, new TargetSelection(acting.Select(m => m.Machine).ToList(), null, null), plan.NoDns,
                parse.GetValue(knownHosts) is { } k ? Path.GetFullPath(k, context.WorkingDirectory) : null,
                parse.GetValue(identity) is { } i ? Path.GetFullPath(i, context.WorkingDirectory) : null,
                parse.GetValue(parallel), plan.Rev) { Config = plan.Config, BuildHost = plan.BuildHost };
            using var prepared = DeployOptions.Prepare(context, request, display.Report);
            if (prepared is null)
            {
                return 1;
            }

            using var deployer = new Deployer(prepared.Session with { RollbackPolicy = rollback.Of(parse) });
            var planned = acting.ToDictionary(m => m.Machine, StringComparer.Ordinal);
            var (refused, outcomes) = display.Run(() =>
            {
                var entries = deployer.Survey(prepared.Targets);
                if (guard.Judge(context, parse, changeGuard, entries, parse.GetValue(dryRun)) is { } refusal)
                {
                    return ((string?)refusal, (IReadOnlyList<MachineOutcome>)[]);
                }

                var drifted = entries.Select(e => (Entry: e, Why: Planner.Drift(planned[e.Target.Machine], e))).Where(d => d.Why is not null).ToList();
                var ok = entries.Where(e => drifted.All(d => d.Entry != e)).ToList();
                var done = deployer.Apply(ok, plan.For, parse.GetValue(dryRun));
                var refusals = drifted.Select(d => new MachineOutcome(d.Entry.Target, false, "refused", d.Why!, d.Entry.State?.Current?.Number, 0, null));
                var order = entries.Select((e, n) => (e.Target.Machine, n)).ToDictionary(x => x.Machine, x => x.n, StringComparer.Ordinal);
                return (null, (IReadOnlyList<MachineOutcome>)done.Concat(refusals).OrderBy(o => order[o.Target.Machine]).ToList());
            });
            if (refused is not null)
            {
                context.Err.WriteLine($"elenta: apply stopped before touching any machine: {refused}");
                return 1;
            }

            return DeployCommand.Summary(context, name, outcomes, parse.GetValue(format) == "json");
        });
        return command;
    }
}
