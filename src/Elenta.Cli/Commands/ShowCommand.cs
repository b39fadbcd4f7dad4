using System.CommandLine;
using System.Text.Json.Nodes;
using Elenta.Cli.Rendering;
using Elenta.Core.Semantics;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta show host|constellation|network NAME</c>: the resolved view of one thing.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("show",
            """
            Print the resolved view of a machine, a constellation or a network: roles merged, option
            values with their defaults, addresses, and the constellation directory a machine sees.
            Without NAME, list the names.

            Examples:
              elenta show host toto --site examples/emerald-city
              elenta show host barge --format json
              elenta show constellation emerald-city
              elenta show network condorcet
            """);
        command.Subcommands.Add(Sub(context, "host", "A machine: a cadaster host, a VM or a container",
            r => r.Machines.Select(m => m.Name),
            (r, name) => r.Machines[name] is { } v ? ViewJson.Machine(r, v) : null));
        command.Subcommands.Add(Sub(context, "constellation", "A constellation and its instances",
            r => r.Constellations.Select(c => c.Name),
            (r, name) => r.Constellations.FirstOrDefault(c => c.Name == name) is { } c ? ViewJson.Constellation(c) : null));
        command.Subcommands.Add(Sub(context, "network", "A network and every address on it",
            r => r.Site.Networks.Select(n => n.Name),
            (r, name) => r.Site.Networks[name] is { } n ? ViewJson.Network(r, n) : null));
        return command;
    }

    private static Command Sub(CliContext context, string kind, string description, Func<ResolvedSite, IEnumerable<string>> names, Func<ResolvedSite, string, JsonObject?> view)
    {
        var name = new Argument<string?>("NAME") { Description = $"The {kind}'s name; omit it to list them", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format", "-f") { Description = "yaml (default) or json", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json");
        var site = CommonOptions.Site();
        var command = new Command(kind, description);
        command.Arguments.Add(name);
        command.Options.Add(format);
        command.Options.Add(site);
        command.SetAction(parse =>
        {
            var compilation = context.Compile(parse.GetValue(site)!, analyze: false);
            if (compilation.HasErrors || compilation.Resolved is null)
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var resolved = compilation.Resolved;
            var all = names(resolved).ToList();
            var wanted = parse.GetValue(name);
            if (wanted is null)
            {
                foreach (var n in all)
                {
                    context.Out.WriteLine(n);
                }

                return 0;
            }

            if (kind == "host")
            {
                wanted = resolved.Names.Relative(wanted); // toto.canon is toto
            }

            var json = view(resolved, wanted);
            if (json is null)
            {
                var suggestion = Suggest.Closest(wanted, all);
                context.Err.WriteLine($"elenta: no {kind} named '{wanted}'" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
                context.Err.WriteLine($"  list them with: elenta show {kind}");
                return 1;
            }

            context.Out.Write(parse.GetValue(format) == "json" ? ViewJson.Serialize(json) : YamlWriter.Write(json));
            return 0;
        });
        return command;
    }
}
