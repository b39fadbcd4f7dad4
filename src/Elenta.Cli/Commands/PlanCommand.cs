using System.CommandLine;
using System.Text.Json;
using Elenta.Deploy;
using Elenta.Deploy.Drivers;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta plan</c>: which machines differ from what the site compiles to, and how.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var options = new DeployOptions();
        var exitCode = new Option<bool>("--exit-code") { Description = "Exit 0 when nothing is to be done, 2 when changes are pending, 1 on an error (an unreachable machine)" };
        var format = new Option<string>("--format", "-f") { Description = "text, or json (every machine with its status and files)", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var output = new Option<string?>("--out", "-o") { Description = "Also save the plan (as --format json writes it) for `elenta apply FILE`", HelpName = "FILE" };
        var forCommand = new Option<string>("--for") { Description = "The command the plan's actions are for: deploy, switch or boot", DefaultValueFactory = _ => "switch", HelpName = "COMMAND" };
        forCommand.AcceptOnlyFromAmong("deploy", "switch", "boot");
        var command = new Command("plan",
            """
            Ask every targeted machine what it runs (its generation, content hash and the site revision
            it was built from) and compare it with what the site compiles to now: up to date, new (runs
            nothing yet), behind (with the files that differ), ahead, diverged, or unreachable. Reads
            only: it never takes a machine's lock. Each answer goes to the journal (.elenta/state.db).
            --rev compares with the site as a git commit has it. --out saves the plan: each
            machine's action (install, boot, none) for --for's command, which `elenta apply FILE`
            runs exactly, refusing any machine that changed since.

            Examples:
              elenta plan
              elenta plan --on toto,@dns --exit-code
              elenta plan --no-dns --format json
              elenta plan --rev v1.2 --out release.plan && elenta apply release.plan
            """);
        options.AddTo(command);
        command.Options.Add(exitCode);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(forCommand);
        command.SetAction(parse =>
        {
            using var prepared = options.Prepare(context, parse, null);
            if (prepared is null)
            {
                return 1;
            }

            using var deployer = new Deployer(prepared.Session);
            var plan = deployer.Plan(prepared.Targets);
            var error = plan.Any(p => p.Status == MachineStatus.Unreachable);
            var changes = plan.Any(p => p.HasChanges);
            var request = options.RequestOf(context, parse);
            var mode = SavedPlan.ModeOf(parse.GetValue(forCommand)) ?? ActivationMode.Switch;
            var json = JsonSerializer.Serialize(new
            {
                elentaPlan = SavedPlan.FormatVersion,
                site = prepared.Session.Manifest.Site,
                siteDirectory = request.SiteDirectory,
                gitRevision = prepared.Session.Manifest.GitRevision,
                rev = request.Rev,
                config = request.Config,
                buildHost = request.BuildHost,
                noDns = request.NoDns,
                @for = SavedPlan.CommandOf(mode),
                machines = plan.Select(p => new
                {
                    machine = p.Target.Machine,
                    address = p.Target.Address,
                    driver = p.Target.Driver.ToString().ToLowerInvariant(),
                    status = Status(p.Status),
                    action = SavedPlan.ActionName(Planner.Action(p, mode)),
                    detail = p.Detail,
                    generation = p.State?.Current?.Number,
                    boot = p.State?.Boot,
                    revision = p.State?.Current?.GitRevision,
                    contentHash = p.State?.Current?.ContentHash,
                    desiredContentHash = p.Desired?.ContentHash,
                    lockedBy = p.State?.LockedBy,
                    files = p.Files.Select(f => new { kind = f.Kind, target = f.Target }),
                }),
            }, new JsonSerializerOptions { WriteIndented = true });
            if (parse.GetValue(output) is { } file)
            {
                var path = Path.GetFullPath(file, context.WorkingDirectory);
                var staging = path + ".elenta-tmp";
                File.WriteAllText(staging, json + "\n");
                File.Move(staging, path, overwrite: true);
            }

            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(json);
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

    internal static string Status(MachineStatus status) => Planner.Name(status);
}
