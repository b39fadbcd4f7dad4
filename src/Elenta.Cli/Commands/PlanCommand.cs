using System.CommandLine;
using System.Text.Json;
using Elenta.Deploy;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta plan</c>: which machines differ from what the site compiles to, and how.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var options = new DeployOptions();
        var exitCode = new Option<bool>("--exit-code") { Description = "Exit 0 when nothing is to be done, 2 when changes are pending, 1 on an error (an unreachable machine)" };
        var format = new Option<string>("--format") { Description = "text, or json (every machine with its status and files)", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("plan",
            """
            Ask every targeted machine what it runs (its generation, content hash and the site revision
            it was built from) and compare it with what the site compiles to now: up to date, new (runs
            nothing yet), behind (with the files that differ), ahead, diverged, or unreachable. Reads
            only: it never takes a machine's lock. Each answer goes to the journal (.elenta/state.db).

            Examples:
              elenta plan
              elenta plan --on toto,@dns --exit-code
              elenta plan --no-dns --format json
            """);
        options.AddTo(command);
        command.Options.Add(exitCode);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            using var prepared = options.Prepare(context, parse, null);
            if (prepared is null)
            {
                return 1;
            }

            var plan = new Deployer(prepared.Session).Plan(prepared.Targets);
            var error = plan.Any(p => p.Status == MachineStatus.Unreachable);
            var changes = plan.Any(p => p.HasChanges);
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    site = prepared.Session.Manifest.Site,
                    gitRevision = prepared.Session.Manifest.GitRevision,
                    machines = plan.Select(p => new
                    {
                        machine = p.Target.Machine,
                        address = p.Target.Address,
                        driver = p.Target.Driver.ToString().ToLowerInvariant(),
                        status = Status(p.Status),
                        detail = p.Detail,
                        generation = p.State?.Current?.Number,
                        boot = p.State?.Boot,
                        revision = p.State?.Current?.GitRevision,
                        contentHash = p.State?.Current?.ContentHash,
                        desiredContentHash = p.Desired?.ContentHash,
                        lockedBy = p.State?.LockedBy,
                        files = p.Files.Select(f => new { kind = f.Kind, target = f.Target }),
                    }),
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var p in plan)
                {
                    context.Out.WriteLine($"{p.Target.Machine,-24} {Status(p.Status),-12} {p.Detail}{(p.State?.LockedBy is { } l ? $" (locked by {l})" : string.Empty)}");
                    foreach (var f in p.Files.Take(20))
                    {
                        context.Out.WriteLine($"    {f.Kind,-7} {f.Target}");
                    }

                    if (p.Files.Count > 20)
                    {
                        context.Out.WriteLine($"    ... and {p.Files.Count - 20} more");
                    }
                }

                var pending = plan.Count(p => p.HasChanges);
                context.Out.WriteLine($"{plan.Count} machines: {plan.Count(p => p.Status == MachineStatus.UpToDate)} up to date, {pending} with changes pending, {plan.Count(p => p.Status == MachineStatus.Unreachable)} unreachable, {plan.Count(p => p.Status == MachineStatus.Unsupported)} not deployable yet");
            }

            if (error)
            {
                return 1;
            }

            return parse.GetValue(exitCode) && changes ? 2 : 0;
        });
        return command;
    }

    internal static string Status(MachineStatus status) => status switch
    {
        MachineStatus.UpToDate => "up-to-date",
        _ => status.ToString().ToLowerInvariant(),
    };
}
