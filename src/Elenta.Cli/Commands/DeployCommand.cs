using System.CommandLine;
using System.Text.Json;
using Elenta.Deploy;
using Elenta.Deploy.Drivers;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta deploy</c>, <c>switch</c> and <c>boot</c>: bring machines to what the site compiles to now.</summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context, ActivationMode mode)
    {
        var (name, what) = mode switch
        {
            ActivationMode.Test => ("deploy", "Activate the site's generation on each targeted machine now, without making it the boot default (nixos-rebuild test)"),
            ActivationMode.Switch => ("switch", "Activate the site's generation on each targeted machine now, and make it the boot default"),
            _ => ("boot", "Make the site's generation each targeted machine's boot default, without activating it now"),
        };
        var options = new DeployOptions();
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Say what would be done on each machine, and do nothing" };
        var format = new Option<string>("--format", "-f") { Description = "text, or json (each machine's outcome)", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var guard = new GuardOptions();
        var rollback = new RollbackOptions();
        var command = new Command(name,
            $"""
            {what}.
            A machine's generation is the files the build's manifest delivers to it with their
            after-change commands (driver 'files'), or its NixOS system built from the site's flake
            and copied with nix copy (driver 'nixos': a generation of its system profile).
            Machines are done in parallel (--parallel); one that fails does not stop the others.
            Each machine is locked while it is deployed (a second deploy of it is refused, naming the
            holder); its steps go to .elenta/logs/, its outcome to the journal (.elenta/state.db).
            Every machine is asked first; when more than 30% of those already running a generation
            would change (sites with 10 or more), nothing is done unless --force (--max-change sets
            the share). --rev deploys the site as a git commit has it.
            A machine starts once the machines its roles come after (after:) are done; its roles'
            backup commands run before activation (a failure stops it). After activation the
            deployer confirms it can still reach the machine through a new ssh connection (else
            the machine goes back to its previous generation by itself), then runs the roles'
            health checks; a failed one rolls the machine back (--no-rollback: neither).
            Exits 1 when a machine failed or was rolled back.

            Examples:
              elenta {name} --on toto,ifrit
              elenta {name} --canon toto.canon --no-dns
              elenta {name} --constellation emerald-city --parallel 8 --dry-run
            """);
        options.AddTo(command);
        command.Options.Add(dryRun);
        command.Options.Add(format);
        guard.AddTo(command);
        rollback.AddTo(command);
        command.SetAction(parse =>
        {
            if (guard.Of(context, parse) is not { } changeGuard)
            {
                return 1;
            }

            using var timings = Timings.Start();
            var display = new DeployOptions.ProgressDisplay(context);
            using var prepared = display.Phase("build", () => options.Prepare(context, parse, display.Report));
            if (prepared is null)
            {
                return 1;
            }

            using var deployer = new Deployer(prepared.Session with { RollbackPolicy = rollback.Of(parse) });
            var (refused, outcomes) = display.Run(() =>
            {
                var entries = display.Phase("survey", () => deployer.Survey(prepared.Targets));
                return guard.Judge(context, parse, changeGuard, entries, parse.GetValue(dryRun)) is { } refusal
                    ? (refusal, (IReadOnlyList<MachineOutcome>)[])
                    : (null, display.Phase("apply", () => deployer.Apply(entries, mode, parse.GetValue(dryRun))));
            });
            if (refused is not null)
            {
                context.Err.WriteLine($"elenta: {name} stopped before touching any machine: {refused}");
                return 1;
            }

            display.Phase("close connections", () => { deployer.Dispose(); return 0; });
            display.WriteTimings();
            timings?.Write(context);
            return Summary(context, name, outcomes, parse.GetValue(format) == "json");
        });
        return command;
    }

    /// <summary>The summary table (or JSON), and the exit code: 1 when a machine failed.</summary>
    internal static int Summary(CliContext context, string name, IReadOnlyList<MachineOutcome> outcomes, bool json)
    {
        var failed = outcomes.Where(o => !o.Ok && o.Outcome != "skipped").ToList();
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                command = name,
                failed = failed.Select(f => f.Target.Machine),
                machines = outcomes.Select(o => new { machine = o.Target.Machine, ok = o.Ok, outcome = o.Outcome, detail = o.Detail, generation = o.Generation, seconds = Math.Round(o.Seconds, 2), log = o.Log }),
            }, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            Rendering.Tables.Write(context.Out, context.Color, ["machine", "outcome", "generation", "seconds"],
                outcomes.Select(o => (IReadOnlyList<string>)[o.Target.Machine, o.Outcome, o.Generation?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", o.Seconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)]));
            foreach (var o in outcomes.Where(o => o.Detail.Length > 0))
            {
                context.Out.WriteLine($"  {o.Target.Machine}: {o.Detail}");
            }

            var skipped = outcomes.Count(o => o.Outcome == "skipped");
            context.Out.WriteLine(failed.Count == 0
                ? $"{name}: {outcomes.Count - skipped} machines done{(skipped > 0 ? $", {skipped} skipped" : string.Empty)}"
                : $"{name}: {failed.Count} of {outcomes.Count - skipped} machines failed: {string.Join(", ", failed.Select(f => f.Target.Machine))} (logs in .elenta/logs/)");
        }

        return failed.Count == 0 ? 0 : 1;
    }

    /// <summary>The too-much-change guard's options: --max-change and --force.</summary>
    internal sealed class GuardOptions
    {
        public Option<string?> MaxChange { get; } = new("--max-change") { Description = "Stop when more than this share of the targeted machines that run a generation would change (default 30%, on 10 or more machines)", HelpName = "PERCENT" };

        public Option<bool> Force { get; } = new("--force") { Description = "Go ahead even when the change is larger than --max-change" };

        public void AddTo(Command command)
        {
            command.Options.Add(MaxChange);
            command.Options.Add(Force);
        }

        /// <summary>The guard asked for; null (the error written) when --max-change is not a share.</summary>
        public ChangeGuard? Of(CliContext context, ParseResult parse)
        {
            if (parse.GetValue(MaxChange) is not { } text)
            {
                return ChangeGuard.Default;
            }

            var guard = ChangeGuard.Parse(text);
            if (guard is null)
            {
                context.Err.WriteLine($"elenta: --max-change {text}: not a share of machines; give a percentage from 0 to 100, such as 30 or 30%");
            }

            return guard;
        }

        /// <summary>Why the deployment stops (null: it goes on). A dry run never stops, and says what would.</summary>
        public string? Judge(CliContext context, ParseResult parse, ChangeGuard guard, IReadOnlyList<PlanEntry> entries, bool dryRun)
        {
            if (parse.GetValue(Force) || guard.Check(entries) is not { } refusal)
            {
                return null;
            }

            if (dryRun)
            {
                context.Err.WriteLine($"elenta: note: without --dry-run this would stop: {refusal}");
                return null;
            }

            return refusal;
        }
    }
}
