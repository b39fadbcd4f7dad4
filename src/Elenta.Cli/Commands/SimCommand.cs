using System.CommandLine;
using System.Diagnostics;
using Elenta.Output;
using Elenta.Sim;

namespace Elenta.Cli.Commands;

/// <summary>
/// <c>elenta sim up|down|status|exec|ssh|verify</c>: the site as a lab of network namespaces on this machine
/// (Linux, root). The lab never touches the machine's own interfaces, routes or firewall.
/// </summary>
internal static class SimCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("sim",
            """
            Run the site as a lab of Linux network namespaces on this machine: one namespace per
            machine (hosts, and guests with an address of their own) with its own hostname, /etc,
            /var, /run, /root, /srv and /tmp, its interfaces carrying the cadaster's MACs and
            addresses, and one bridge per site network in a namespace of the lab's own. The lab has
            no link, route or rule in the machine's own network namespace: nothing in it can reach
            the machine or beyond, so the site's real private addresses are safe to use. Needs root.

            Each machine gets the files the build sends it, loads its nftables ruleset and runs the
            daemons they configure (sshd, NSD, Unbound, dnsmasq or Kea, radvd, nginx); 'sim verify'
            then checks what the site promises: names, DHCP reservations, who reaches which service,
            SSH with strict host keys.

            Every object is recorded (in /var/lib/elenta/sim/LAB/journal) before it is made, and
            'sim down' removes exactly those, even after 'sim up' was killed or the machine rebooted.

            Examples:
              sudo elenta sim up examples/emerald-city
              sudo elenta sim exec toto -- ip -br addr
              sudo elenta sim exec toto -- ping -c1 192.168.1.1
              sudo elenta sim verify
              sudo elenta sim status
              sudo elenta sim down
            """);
        command.Subcommands.Add(Up(context));
        command.Subcommands.Add(Down(context));
        command.Subcommands.Add(Status(context));
        command.Subcommands.Add(Exec(context));
        command.Subcommands.Add(Ssh(context));
        command.Subcommands.Add(Verify(context));
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var lab = LabOption("The lab to verify; when omitted, the only lab on this machine");
        var format = new Option<string>("--format", "-f") { Description = "text, or json (every promise with its result)", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var all = new Option<bool>("--all") { Description = "List the promises kept too, not only those broken" };
        var command = new Command("verify",
            """
            Check, in the running lab, what the site promises: each canon and domain name resolves to
            its addresses through the resolver DHCP gives each network's clients; each reserved MAC the
            lab carries gets its address from the real DHCP server (busybox udhcpc in the machine);
            each TCP service answers from the networks its 'clients' lists and from no other; SSH with
            strict host keys reaches every machine with an ssh section, from a management network.
            The clients are probes, one per network, made for the check and removed after it.
            Exits 1 when a promise is broken, naming it and the site line behind it.
            """);
        command.Options.Add(lab);
        command.Options.Add(format);
        command.Options.Add(all);
        command.SetAction(parse => Guard(context, () =>
        {
            Lab.RequireRoot();
            if (Pick(context, parse.GetValue(lab)) is not { } name)
            {
                return 1;
            }

            var clock = Stopwatch.StartNew();
            var report = LabVerify.Run(new Lab(name), message => context.Err.WriteLine($"elenta: sim: {message}"));
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
                {
                    lab = report.Lab,
                    passed = report.Passed,
                    promises = report.Results.Select(r => new { kind = r.Kind, subject = r.Subject, kept = r.Kept, detail = r.Detail, source = r.Source }),
                    notes = report.Notes,
                }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return report.Passed ? 0 : 1;
            }

            foreach (var r in report.Results.Where(r => !r.Kept || parse.GetValue(all)))
            {
                context.Out.WriteLine($"{(r.Kept ? "ok    " : "BROKEN")} {r.Kind,-7} {r.Subject}: {r.Detail} ({r.Source})");
            }

            foreach (var note in report.Notes)
            {
                context.Out.WriteLine("note: " + note);
            }

            var broken = report.Results.Count(r => !r.Kept);
            var kinds = string.Join(", ", report.Results.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
            context.Out.WriteLine(broken == 0
                ? $"lab {name}: all {report.Results.Count} promises kept ({kinds}) in {clock.Elapsed.TotalSeconds:F1} s"
                : $"lab {name}: {broken} of {report.Results.Count} promises broken ({kinds}) in {clock.Elapsed.TotalSeconds:F1} s");
            return broken == 0 ? 0 : 1;
        }));
        return command;
    }

    private static Option<string?> LabOption(string description) => new("--lab")
    {
        Description = description,
        HelpName = "NAME",
    };

    private static Command Up(CliContext context)
    {
        var siteArgument = CommonOptions.SiteArgumentOrCurrent();
        var site = CommonOptions.SiteOptional();
        var lab = LabOption("The lab's name (lowercase letters, digits, single '-' between them; at most 20); the site's name when omitted");
        var only = new Option<string[]>("--only") { Description = "Only these machines (comma-separated names)", HelpName = "NAME,...", AllowMultipleArgumentsPerToken = true };
        var replace = new Option<bool>("--replace") { Description = "Take down a lab of the same name first, if one is up" };
        var command = new Command("up", "Compile the site and bring it up as a lab; refuses a lab that is already up unless --replace");
        command.Arguments.Add(siteArgument);
        command.Options.Add(site);
        command.Options.Add(lab);
        command.Options.Add(only);
        command.Options.Add(replace);
        command.SetAction(parse => Guard(context, () =>
        {
            Lab.RequireRoot();
            TemporaryDirectory.RemoveLeftovers();
            var siteDir = CommonOptions.SiteOf(parse, siteArgument, site);
            using var build = new TemporaryDirectory();
            // The lab's own DNS secrets (TSIG keys), made for it: the site's are never read.
            using var secrets = new TemporaryDirectory();
            var outcome = SiteBuilder.Build(new BuildRequest(Path.GetFullPath(siteDir, context.WorkingDirectory), build.Path) { SecretsDirectory = secrets.Path },
                resolved => context.Compile(siteDir, resolved: resolved));
            var compilation = outcome.Compilation;
            if (!outcome.Succeeded || compilation.Resolved is null)
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var name = parse.GetValue(lab) ?? Names.LabOf(compilation.Resolved.Site.Settings.Name);
            var selected = parse.GetValue(only) is not { Length: > 0 } onlyNames ? null : onlyNames.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            if (selected is not null && selected.FirstOrDefault(s => compilation.Resolved.Machines[s] is null) is { } unknown)
            {
                context.Err.WriteLine($"elenta: --only names '{unknown}', which is no machine of the site");
                return 2;
            }

            var plan = LabPlan.From(compilation.Resolved, name, selected);
            var promises = LabPromises.From(compilation.Resolved, plan);
            var clock = Stopwatch.StartNew();
            var services = new Lab(name).Up(plan, parse.GetValue(replace), message => context.Err.WriteLine($"elenta: sim: {message}"), build.Path, promises, secrets.Path);
            context.Out.WriteLine($"lab {name} is up: {plan.Machines.Count} machines, {plan.Networks.Count} networks, in {clock.Elapsed.TotalSeconds:F1} s");
            var daemons = services.Started.ToLookup(d => d.Machine, d => d.Name, StringComparer.Ordinal);
            foreach (var machine in plan.Machines)
            {
                var runs = daemons[machine.Name].Where(d => d != "nftables").Prepend("sshd");
                var firewall = daemons[machine.Name].Contains("nftables") ? "; nftables loaded" : string.Empty;
                context.Out.WriteLine($"  {machine.Name,-24} {string.Join(", ", machine.Interfaces.Select(i => $"{i.Name} {string.Join(" ", i.Addresses)} ({i.Network})"))}; runs {string.Join(", ", runs)}{firewall}");
            }

            if (services.StandIns.Count > 0)
            {
                context.Out.WriteLine($"stand-in listeners (services the lab has no daemon for): {string.Join(", ", services.StandIns)}");
            }

            context.Out.WriteLine($"'elenta sim exec MACHINE -- CMD' runs a command in a machine; 'elenta sim verify --lab {name}' checks the site's promises; 'elenta sim down --lab {name}' removes the lab.");
            if (services.Failed.Count > 0)
            {
                foreach (var (daemon, reason) in services.Failed)
                {
                    context.Err.WriteLine($"elenta: sim: {daemon.Name} did not start on {daemon.Machine}: {reason}");
                }

                context.Err.WriteLine($"elenta: sim: the lab is up, but {services.Failed.Count} daemon(s) did not start (their logs: 'elenta sim exec MACHINE -- ls /var/log/elenta-sim')");
                return 1;
            }

            return 0;
        }));
        return command;
    }

    private static Command Down(CliContext context)
    {
        var lab = LabOption("The lab to take down; when omitted, the only lab on this machine");
        var command = new Command("down", "Remove everything the lab made (namespaces, links, processes, mounts, directories), and nothing else");
        command.Options.Add(lab);
        command.SetAction(parse => Guard(context, () =>
        {
            Lab.RequireRoot();
            if (Pick(context, parse.GetValue(lab)) is not { } name)
            {
                return parse.GetValue(lab) is null && LabJournal.Labs().Count == 0 ? 0 : 1;
            }

            var clock = Stopwatch.StartNew();
            new Lab(name).Down();
            context.Out.WriteLine($"lab {name} is down ({clock.Elapsed.TotalSeconds:F1} s)");
            return 0;
        }));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var lab = LabOption("The lab to report on; every lab when omitted");
        var command = new Command("status", "Say which labs are on this machine, and whether each is complete and running");
        command.Options.Add(lab);
        command.SetAction(parse => Guard(context, () =>
        {
            var labs = parse.GetValue(lab) is { } one ? [one] : LabJournal.Labs();
            if (labs.Count == 0)
            {
                context.Out.WriteLine("no lab on this machine");
                return 0;
            }

            var healthy = true;
            foreach (var name in labs)
            {
                var lab = new Lab(name);
                if (!lab.Exists)
                {
                    context.Out.WriteLine($"lab {name}: not on this machine");
                    healthy = false;
                    continue;
                }

                var s = lab.Status();
                var state = s.Complete && s.NamespacesAlive == s.Namespaces && s.MachinesRunning == s.Machines ? "up" : "incomplete (run 'elenta sim down' to clear it)";
                healthy &= state == "up";
                context.Out.WriteLine($"lab {name}: {state}; {s.MachinesRunning}/{s.Machines} machines running, {s.NamespacesAlive}/{s.Namespaces} namespaces");
            }

            return healthy ? 0 : 1;
        }));
        return command;
    }

    private static Command Exec(CliContext context)
    {
        var machine = new Argument<string>("MACHINE") { Description = "The machine to run the command in" };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "The command and its arguments, after --", Arity = ArgumentArity.OneOrMore };
        var lab = LabOption("The lab; when omitted, the only lab on this machine");
        var command = new Command("exec", "Run a command inside a lab machine (its network, mount and UTS namespaces); exits with the command's status");
        command.Arguments.Add(machine);
        command.Arguments.Add(commandLine);
        command.Options.Add(lab);
        command.SetAction(parse => Guard(context, () =>
        {
            Lab.RequireRoot();
            if (Pick(context, parse.GetValue(lab)) is not { } name)
            {
                return 1;
            }

            context.Out.Flush();
            return new Lab(name).Exec(parse.GetValue(machine)!, parse.GetValue(commandLine)!);
        }));
        return command;
    }

    private static Command Ssh(CliContext context)
    {
        var machine = new Argument<string>("MACHINE") { Description = "The machine to log in to, as root" };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "A command to run instead of a shell, after --", Arity = ArgumentArity.ZeroOrMore };
        var lab = LabOption("The lab; when omitted, the only lab on this machine");
        var knownHosts = new Option<string?>("--known-hosts") { Description = "Check the machine's host key against this file instead of the lab's known_hosts", HelpName = "FILE" };
        var command = new Command("ssh",
            """
            Log in to a lab machine as root with the system's ssh, StrictHostKeyChecking=yes, against
            the lab's known_hosts (every machine's canon names with the lab host key sim up made for
            it: the site's private host keys are not in the site). Exits with ssh's status.
            """);
        command.Arguments.Add(machine);
        command.Arguments.Add(commandLine);
        command.Options.Add(lab);
        command.Options.Add(knownHosts);
        command.SetAction(parse => Guard(context, () =>
        {
            Lab.RequireRoot();
            if (Pick(context, parse.GetValue(lab)) is not { } name)
            {
                return 1;
            }

            context.Out.Flush();
            return new Lab(name).Ssh(parse.GetValue(machine)!, parse.GetValue(commandLine) ?? [], parse.GetValue(knownHosts), interactive: true).Code;
        }));
        return command;
    }

    /// <summary>The lab named, or the only one on the machine; says why not otherwise.</summary>
    private static string? Pick(CliContext context, string? named)
    {
        if (named is not null)
        {
            if (!new Lab(named).Exists)
            {
                context.Err.WriteLine($"elenta: there is no lab '{named}' on this machine ('elenta sim status' lists them)");
                return null;
            }

            return named;
        }

        var labs = LabJournal.Labs();
        switch (labs.Count)
        {
            case 1:
                return labs[0];
            case 0:
                context.Err.WriteLine("elenta: no lab on this machine");
                return null;
            default:
                context.Err.WriteLine($"elenta: several labs are on this machine ({string.Join(", ", labs)}): name one with --lab");
                return null;
        }
    }

    /// <summary>
    /// A directory under the system's temporary directory, removed when disposed. Its name holds the
    /// process's id, so that the next <c>sim up</c> removes those of a <c>sim up</c> that was killed
    /// (<see cref="RemoveLeftovers"/>): the build and the lab's TSIG keys.
    /// </summary>
    internal sealed class TemporaryDirectory : IDisposable
    {
        internal const string Prefix = "elenta-sim-build-";

        public string Path { get; } = Directory.CreateTempSubdirectory(Prefix + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);

        /// <summary>
        /// Removes the directories of processes that are gone (by their ids in the names) and that
        /// nothing has written to for an hour (no sim up takes that long; a process id is only this
        /// machine's when /tmp is not shared with another process namespace); returns how many.
        /// </summary>
        public static int RemoveLeftovers()
        {
            var removed = 0;
            var before = DateTime.UtcNow - TimeSpan.FromHours(1);
            foreach (var dir in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
            {
                var rest = System.IO.Path.GetFileName(dir)[Prefix.Length..];
                var dash = rest.IndexOf('-', StringComparison.Ordinal);
                if (dash > 0 && int.TryParse(rest.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                    && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}") && Directory.GetLastWriteTimeUtc(dir) < before)
                {
                    try
                    {
                        Directory.Delete(dir, recursive: true);
                        removed++;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // Going away meanwhile, or not removable (a read-only mount inside): left as it is.
                    }
                }
            }

            return removed;
        }
    }

    private static int Guard(CliContext context, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (LabException e)
        {
            context.Err.WriteLine($"elenta: sim: {e.Message}");
            return 1;
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(i => i is LabException))
        {
            foreach (var inner in e.Flatten().InnerExceptions)
            {
                context.Err.WriteLine($"elenta: sim: {inner.Message}");
            }

            return 1;
        }
    }
}
