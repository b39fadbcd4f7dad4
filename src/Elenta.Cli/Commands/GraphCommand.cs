using System.CommandLine;
using System.Text;
using Elenta.Core.Semantics;
using Elenta.Report.Graphs;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta graph</c>: a picture of one layer of the site, drawn by Graphviz.</summary>
internal static class GraphCommand
{
    public static Command Create(CliContext context)
    {
        var site = CommonOptions.SiteArgumentOrCurrent();
        var siteOption = CommonOptions.SiteOptional();
        var layer = new Option<string>("--layer", "-l") { Description = "physical (hosts, switches, ports, bonds, PDUs by rack), network (networks, addresses, firewall zones and flows) or constellation (roles, instances, machines, requirements)", DefaultValueFactory = _ => "physical", HelpName = "LAYER" };
        layer.AcceptOnlyFromAmong("physical", "network", "constellation");
        var format = new Option<string>("--format", "-f") { Description = "dot (the Graphviz text, no Graphviz needed), svg or png (rendered by Graphviz's dot)", DefaultValueFactory = _ => "svg", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("dot", "svg", "png");
        var output = new Option<string?>("--out", "-o") { Description = "Write the picture to FILE instead of standard output", HelpName = "FILE" };
        var only = new Option<string?>("--only") { Description = "Draw only these groups, comma-separated: racks (physical), networks (network) or constellations (constellation)", HelpName = "NAMES" };
        var command = new Command("graph",
            """
            Draw one layer of the site with Graphviz (Debian: apt-get install graphviz). The DOT text
            is deterministic: the same site gives the same bytes. A large site stays readable when
            drawn group by group with --only: racks for the physical layer, networks for the
            network layer, constellations for the constellation layer.

            Examples:
              elenta graph examples/emerald-city --layer physical --out physical.svg
              elenta graph --layer network --format png --out network.png
              elenta graph --layer constellation --format dot | dot -Tpdf > roles.pdf
              elenta graph --layer network --only condorcet
            """);
        command.Arguments.Add(site);
        command.Options.Add(siteOption);
        command.Options.Add(layer);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(only);
        command.SetAction(parse =>
        {
            var compilation = context.Compile(CommonOptions.SiteOf(parse, site, siteOption), analyze: false);
            if (compilation.Resolved is null || compilation.HasErrors)
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var chosen = Enum.Parse<GraphLayer>(parse.GetValue(layer)!, ignoreCase: true);
            HashSet<string>? onlySet = null;
            if (parse.GetValue(only) is { } onlyText)
            {
                var groups = SiteGraph.Groups(compilation.Resolved, chosen);
                onlySet = onlyText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                var kind = chosen switch { GraphLayer.Physical => "rack", GraphLayer.Network => "network", _ => "constellation" };
                if (onlySet.Count == 0)
                {
                    context.Err.WriteLine($"elenta: --only needs at least one {kind}: {string.Join(", ", groups)}");
                    return 1;
                }

                foreach (var name in onlySet.Order(StringComparer.Ordinal))
                {
                    if (!groups.Contains(name, StringComparer.Ordinal))
                    {
                        var suggestion = Suggest.Closest(name, groups);
                        context.Err.WriteLine($"elenta: no {kind} named '{name}' for the {parse.GetValue(layer)} layer" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
                        context.Err.WriteLine($"  {kind}s: {(groups.Count == 0 ? "none" : string.Join(", ", groups))}");
                        return 1;
                    }
                }
            }

            var dot = SiteGraph.Dot(compilation.Resolved, chosen, onlySet);
            var wanted = parse.GetValue(format)!;
            byte[] bytes;
            if (wanted == "dot")
            {
                bytes = Encoding.UTF8.GetBytes(dot);
            }
            else
            {
                var rendered = Graphviz.Render(dot, wanted);
                if (rendered.Bytes is null)
                {
                    context.Err.WriteLine($"elenta: {rendered.Error}");
                    return 1;
                }

                bytes = rendered.Bytes;
            }

            if (parse.GetValue(output) is { } file)
            {
                var path = Path.GetFullPath(file, context.WorkingDirectory);
                if (Directory.Exists(path))
                {
                    context.Err.WriteLine($"elenta: --out '{file}' is a directory; give a file name, such as {Path.Combine(file, $"{parse.GetValue(layer)}.{wanted}")}");
                    return 1;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
                return 0;
            }

            if (wanted == "png")
            {
                if (context.BinaryOut is not { } open)
                {
                    context.Err.WriteLine("elenta: a PNG is not written to the terminal; give --out FILE, or redirect the output (> graph.png)");
                    return 1;
                }

                context.Out.Flush();
                using var stdout = open();
                stdout.Write(bytes);
                return 0;
            }

            context.Out.Write(Encoding.UTF8.GetString(bytes));
            return 0;
        });
        return command;
    }
}
