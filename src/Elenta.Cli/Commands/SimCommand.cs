using System.CommandLine;
using System.Diagnostics;
using Elenta.Sim;

namespace Elenta.Cli.Commands;

/// <summary>
/// <c>elenta sim up|down|status|exec</c>: the site as a lab of network namespaces on this machine
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

            Every object is recorded (in /var/lib/elenta/sim/LAB/journal) before it is made, and
            'sim down' removes exactly those, even after 'sim up' was killed or the machine rebooted.

            Examples:
              sudo elenta sim up examples/emerald-city
              sudo elenta sim exec toto -- ip -br addr
              sudo elenta sim exec toto -- ping -c1 192.168.1.1
              sudo elenta sim status
              sudo elenta sim down
            """);
        command.Subcommands.Add(Up(context));
        command.Subcommands.Add(Down(context));
        command.Subcommands.Add(Status(context));
        command.Subcommands.Add(Exec(context));
        command.Subcommands.Add(Ssh(context));
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
        var lab = LabOption("The lab's name (lowercase letters, digits, '-'; at most 20); the site's name when omitted");
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
            var compilation = context.Compile(CommonOptions.SiteOf(parse, siteArgument, site));
            if (compilation.HasErrors || compilation.Resolved is null)
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
            var clock = Stopwatch.StartNew();
            new Lab(name).Up(plan, parse.GetValue(replace), message => context.Err.WriteLine($"elenta: sim: {message}"));
            context.Out.WriteLine($"lab {name} is up: {plan.Machines.Count} machines, {plan.Networks.Count} networks, in {clock.Elapsed.TotalSeconds:F1} s");
            foreach (var machine in plan.Machines)
            {
                context.Out.WriteLine($"  {machine.Name,-24} {string.Join(", ", machine.Interfaces.Select(i => $"{i.Name} {string.Join(" ", i.Addresses)} ({i.Network})"))}");
            }

            context.Out.WriteLine($"'elenta sim exec MACHINE -- CMD' runs a command in a machine; 'elenta sim down --lab {name}' removes the lab.");
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
    }
}
