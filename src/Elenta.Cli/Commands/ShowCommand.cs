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
            For a machine, also every file of the build it receives (where, with which mode, and
            what runs after it changes), as manifest.json delivers it. Without NAME, list the names.

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
        var format = new Option<string>("--format", "-f") { Description = "yaml or json (the list of names too)", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json");
        var site = CommonOptions.Site();
        var command = new Command(kind, description);
        command.Arguments.Add(name);
        command.Options.Add(format);
        command.Options.Add(site);
        command.SetAction(parse =>
        {
            // A machine's files come from a build, and only a site the whole check passes builds:
            // the analysis runs for hosts, and its errors leave the view shown, without files.
            var compilation = context.Compile(CommonOptions.SiteOf(parse, site), analyze: kind == "host");
            if (compilation.Resolved is null || (compilation.HasErrors && !compilation.Analysed))
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var resolved = compilation.Resolved;
            var all = names(resolved).Order(StringComparer.Ordinal).ToList();
            var wanted = parse.GetValue(name);
            var json = parse.GetValue(format) == "json";
            if (wanted is null)
            {
                if (json)
                {
                    context.Out.Write(ViewJson.Serialize(new JsonArray(all.Select(n => (JsonNode?)n).ToArray())));
                    return 0;
                }

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

            var found = view(resolved, wanted);
            if (found is null)
            {
                var suggestion = Suggest.Closest(wanted, all);
                var siteGiven = parse.GetValue(site) is { } dir ? $" --site {dir}" : string.Empty;
                context.Err.WriteLine($"elenta: no {kind} named '{wanted}'" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
                context.Err.WriteLine($"  list them with: elenta show {kind}{siteGiven}");
                return 1;
            }

            if (kind == "host")
            {
                found["receives"] = Receives(context, compilation, context.SiteDirectory(CommonOptions.SiteOf(parse, site)), wanted);
            }

            context.Out.Write(json ? ViewJson.Serialize(found) : YamlWriter.Write(found));
            return 0;
        });
        return command;
    }

    /// <summary>The files the machine receives, as the manifest lists them; a note instead when the site does not build.</summary>
    private static JsonNode Receives(CliContext context, Elenta.Core.Compilation compilation, string site, string machine)
    {
        if (compilation.HasErrors)
        {
            return JsonValue.Create("nothing: the site has errors, and a site with errors builds nothing (see elenta check)");
        }

        var result = Elenta.Output.SiteBuilder.InMemory(compilation, Path.GetFullPath(site, context.WorkingDirectory), DateOnly.FromDateTime(DateTime.UtcNow));
        if (result.HasErrors)
        {
            return JsonValue.Create("nothing: the build stops with errors (see elenta build)");
        }

        var files = new JsonArray();
        foreach (var artifact in result.Artifacts.Where(a => a.Machines.Contains(machine, StringComparer.Ordinal)).OrderBy(a => a.Delivery!.Target, StringComparer.Ordinal))
        {
            var d = artifact.Delivery!;
            var file = new JsonObject { ["target"] = d.Target, ["from"] = artifact.Path, ["mode"] = d.Mode, ["owner"] = $"{d.Owner}:{d.Group}" };
            if (d.After.Count > 0)
            {
                file["after"] = new JsonArray(d.After.Select(c => (JsonNode)JsonValue.Create(c)).ToArray());
            }

            files.Add(file);
        }

        return files;
    }
}
