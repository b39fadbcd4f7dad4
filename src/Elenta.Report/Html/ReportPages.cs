using System.Text;
using System.Text.Json;
using Elenta.Core;
using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Report.Graphs;
using static Elenta.Report.Html.Html;

namespace Elenta.Report.Html;

/// <summary>What a report is made from: the compilation, its build (null when the site does not build) and a way to draw DOT.</summary>
public sealed record ReportInput(Compilation Compilation, BuildResult? Build, Func<string, Rendered> RenderSvg)
{
    /// <summary>The deploy journal's lines per machine; <see cref="DeployHistory.None"/> when there is no journal.</summary>
    public DeployHistory History { get; init; } = DeployHistory.None;

    /// <summary>The earlier build whose zone serials the build kept (null: today's first serials).</summary>
    public string? PreviousBuild { get; init; }
}

/// <summary>
/// Every page of the HTML report, handed to a <see cref="PageSink"/> as it is made: the overview,
/// machine lists and a page per machine (with its view and its deploys), capacity, rack elevations,
/// the network graph, the DNS zones, the deploys, search and the site's files with numbered lines
/// (where diagnostics point). Long lists are split into pages of
/// <see cref="PageSize"/> items so no page grows with the site. Same input, same bytes.
/// </summary>
public static class ReportPages
{
    public const int PageSize = 500;
    private const int RacksPerPage = 12;
    private const int ZoneLinesPerPage = 4000;
    private const int DiagnosticsOnOverview = 200;

    /// <summary>Above this many machines the network graph is not drawn into the report: it is per network with <c>elenta graph --only</c>.</summary>
    public const int GraphLimit = 400;

    /// <summary>
    /// Hands every page to <paramref name="sink"/> as it is made. The pages that grow with the site
    /// (a page per machine, a page per site file) are made side by side, each in its
    /// thread's reused builder, and never held together.
    /// </summary>
    public static void Build(ReportInput input, PageSink sink)
    {
        var compilation = input.Compilation;
        var site = compilation.Site;
        var name = site?.Settings.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(compilation.Loaded.RootDirectory));
        sink.Add(StylePath, Style);
        sink.Add(ScriptPath, Script);
        var sources = SourcePaths(compilation);
        Stages.Timed("report: source pages", () => Parallel.ForEach(compilation.Loaded.Files.DistinctBy(f => f.Source.Path, StringComparer.Ordinal), file => SourcePage(sink, name, file.Source, sources[file.Source.Path])));

        var resolved = site is null ? null : compilation.Resolved;
        sink.Add("index.html", Overview(input, name, resolved, sources));
        Add(sink, Diagnostics(input, name, sources));
        var machinePages = resolved is null ? [] : resolved.Machines.ToDictionary(m => m.Name, m => MachinePath(m.Name), StringComparer.Ordinal);
        Add(sink, MachineList(name, resolved, input.History));
        Add(sink, Capacity(name, resolved));
        Add(sink, Racks(name, site, machinePages));
        sink.Add("network.html", Network(input, name, resolved));
        Add(sink, Dns(name, input.Build, input.PreviousBuild is { } previous ? Shown(previous, compilation.Loaded.RootDirectory) : null));
        Add(sink, Search(name, resolved));
        Add(sink, Deploys(name, resolved, input.History));
        if (resolved is not null)
        {
            var receives = new Dictionary<string, List<Artifact>>(StringComparer.Ordinal);
            var views = new Dictionary<string, Artifact>(StringComparer.Ordinal);
            foreach (var a in input.Build?.Artifacts ?? [])
            {
                foreach (var m in a.Machines)
                {
                    if (!receives.TryGetValue(m, out var list))
                    {
                        receives[m] = list = [];
                    }

                    list.Add(a);
                }

                if (a.Path.StartsWith("views/", StringComparison.Ordinal) && a.Path.EndsWith(".json", StringComparison.Ordinal))
                {
                    views[a.Path] = a;
                }
            }

            // One pass per machine: its page, its view in it, written as soon as it is made. (The view
            // is not a file of its own: creating 30,000 more small files cost more than their bytes.)
            Stages.Timed("report: machine pages", () => Parallel.ForEach(resolved.Machines, m =>
            {
                var path = MachinePath(m.Name);
                var view = views.TryGetValue(ViewPath(m.Name), out var built) ? built.Content : ViewJson.MachineUtf8(resolved, m);
                var b = PageSink.Builder();
                Head(b, path, name, m.Name);
                MachinePage(b, input, resolved, m, receives.GetValueOrDefault(m.Name), view);
                Foot(b, path);
                sink.Add(path, b);
            }));
        }
    }

    /// <summary>A directory as the report names it: relative to the site when inside it (.elenta/build), else as given.</summary>
    private static string Shown(string directory, string site)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(site), directory);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? directory : relative.Replace('\\', '/');
    }

    public static string MachinePath(string machine) => $"machine/{machine}.html";

    /// <summary>A machine's view in the build (the machine's page shows its bytes).</summary>
    public static string ViewPath(string machine) => $"views/{machine}.json";

    private static void Add(PageSink sink, IEnumerable<(string Path, string Text)> more)
    {
        foreach (var (path, text) in more)
        {
            sink.Add(path, text);
        }
    }

    /// <summary>Each site file's page: source/PATH.html, by the file's path as diagnostics name it.</summary>
    private static Dictionary<string, string> SourcePaths(Compilation compilation)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var root = compilation.Loaded.RootDirectory;
        foreach (var file in compilation.Loaded.Files)
        {
            var source = file.Source;
            var relative = source.FullPath is { } full ? Path.GetRelativePath(Path.GetFullPath(root), full) : source.Path;
            var safe = string.Join('/', relative.Replace('\\', '/').Split('/').Select(s => s == ".." ? "up" : s));
            var path = "source/" + safe + ".html";
            for (var n = 2; taken.Contains(path); n++)
            {
                // An overlay's ../x/f.yaml and the site's up/x/f.yaml: each keeps a page of its own.
                path = $"source/{safe}-{n}.html";
            }

            taken.Add(path);
            paths[source.Path] = path;
        }

        return paths;
    }

    /// <summary>A page per site file, each line with an anchor (#L12), for diagnostics to link to.</summary>
    private static void SourcePage(PageSink sink, string name, Elenta.Core.Text.SourceFile source, string path)
    {
        var b = PageSink.Builder();
        Head(b, path, name, source.Path);
        b.Append("<p>The site file <code>").Append(E(source.Path)).Append("</code>, with its line numbers.</p>\n<pre class=\"src\">");
        var text = source.Text.AsSpan();
        var n = 0;
        foreach (var range in text.Split('\n'))
        {
            var line = text[range];
            if (range.End.Value == text.Length && line.Length == 0)
            {
                break;
            }

            n++;
            b.Append("<span class=\"l\" id=\"L").Append(n).Append("\"><a class=\"ln\" href=\"#L").Append(n).Append("\" aria-label=\"line ").Append(n).Append("\">").Append(n).Append("</a>");
            AppendEncoded(b, line.TrimEnd('\r'));
            b.Append("</span>");
        }

        b.Append("</pre>\n");
        Foot(b, path);
        sink.Add(path, b);
    }

    /// <summary>Appends UTF-8 text into a <c>pre</c>: only &amp;, &lt; and &gt; escaped (quotes are plain text there), so the JSON reads and copies as it is.</summary>
    private static void AppendText(StringBuilder b, byte[] utf8)
    {
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            ReadOnlySpan<char> text = chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
            while (text.IndexOfAny('&', '<', '>') is var i && i >= 0)
            {
                b.Append(text[..i]).Append(text[i] switch { '&' => "&amp;", '<' => "&lt;", _ => "&gt;" });
                text = text[(i + 1)..];
            }

            b.Append(text);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Appends text HTML-encoded as <see cref="E"/> would, without making a string of it first.</summary>
    private static void AppendEncoded(StringBuilder b, ReadOnlySpan<char> text)
    {
        while (text.IndexOfAny(Escaped) is var i && i >= 0)
        {
            b.Append(text[..i]);
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            b.Append(E(text.Slice(i, length).ToString()));
            text = text[(i + length)..];
        }

        b.Append(text);
    }

    /// <summary>The characters HTML encoding changes: some below U+0100, and surrogates (a character beyond the BMP becomes <c>&amp;#N;</c>).</summary>
    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(EscapedChars());

    private static string EscapedChars()
    {
        var chars = new StringBuilder();
        for (var c = (char)0; c < 0x100; c++)
        {
            if (E(c.ToString()) != c.ToString())
            {
                chars.Append(c);
            }
        }

        for (var c = '\uD800'; c <= '\uDFFF'; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }

    private static string DiagnosticItem(string page, Diagnostic d, Dictionary<string, string> sources)
    {
        var sev = d.Severity.ToString().ToLowerInvariant();
        var where = "(no location)";
        if (d.Location is { } loc)
        {
            var pos = loc.Start;
            var text = $"{loc.File.Path}:{pos.Line}:{pos.Column}";
            where = sources.TryGetValue(loc.File.Path, out var src)
                ? $"<a href=\"{Href(page, src)}#L{pos.Line}\" data-file=\"{E(loc.File.Path)}\" data-line=\"{pos.Line}\">{E(text)}</a>"
                : E(text);
        }

        var help = d.Help is null ? string.Empty : $"<br><small>help: {E(d.Help)}</small>";
        return $"<li class=\"diagnostic\"><span class=\"sev-{sev}\">{sev} {E(d.Code)}</span>: {where}: {E(d.Message)}{help}</li>\n";
    }

    private static string Overview(ReportInput input, string name, ResolvedSite? resolved, Dictionary<string, string> sources)
    {
        const string page = "index.html";
        var c = input.Compilation;
        var b = new StringBuilder();
        if (resolved is not null)
        {
            var s = resolved.Site;
            var machines = resolved.Machines;
            (string Label, long Count)[] counts =
            [
                ("hosts", s.Cadaster.Hosts.Count),
                ("VMs", machines.Count(m => m.Kind == InstanceKind.Vm)),
                ("containers", machines.Count(m => m.Kind == InstanceKind.Container)),
                ("networks", s.Networks.Count),
                ("domains", s.Domains.Count),
                ("constellations", s.Constellations.Count),
                ("racks", s.Cadaster.Racks.Count),
                ("switches", s.Cadaster.Switches.Count),
                ("files built", input.Build?.Artifacts.Count ?? 0),
            ];
            b.Append("<h2>Counts</h2>\n<ul class=\"counts\">");
            foreach (var (label, count) in counts)
            {
                b.Append($"<li><b>{I(count)}</b>{E(label)}</li>");
            }

            b.Append("</ul>\n");
        }

        var errors = c.Diagnostics.Count(d => d.IsError);
        var warnings = c.Diagnostics.Count(d => d.Severity == Severity.Warning);
        b.Append($"<h2 id=\"diagnostics\">Diagnostics</h2>\n<p>{I(errors)} error{(errors == 1 ? string.Empty : "s")}, {I(warnings)} warning{(warnings == 1 ? string.Empty : "s")}, {I(c.Diagnostics.Count - errors - warnings)} other.")
            .Append(c.HasErrors ? " The site has errors, so nothing is built: machines' files are not listed." : string.Empty)
            .Append(" Each links to the line of the site file it is about.</p>\n<ul id=\"diagnostic-list\">");
        foreach (var d in c.Diagnostics.Take(DiagnosticsOnOverview))
        {
            b.Append(DiagnosticItem(page, d, sources));
        }

        b.Append("</ul>\n");
        if (c.Diagnostics.Count > DiagnosticsOnOverview)
        {
            b.Append($"<p><a href=\"diagnostics-1.html\">All {I(c.Diagnostics.Count)} diagnostics</a></p>\n");
        }

        if (resolved is not null)
        {
            b.Append("<h2>Capacity used per host</h2>\n");
            var hosts = resolved.Site.Cadaster.Hosts;
            b.Append(CapacityTable(page, resolved, hosts.Take(50)));
            if (hosts.Count > 50)
            {
                b.Append($"<p><a href=\"capacity-1.html\">Every host's capacity ({I(hosts.Count)} hosts)</a></p>\n");
            }
        }

        b.Append("<h2 id=\"deploys\">Deploys</h2>\n");
        if (resolved is not null)
        {
            b.Append(DeploySummary(page, resolved, input.History));
        }

        b.Append("<h2>Site files</h2>\n<ul>");
        foreach (var (file, path) in sources.OrderBy(p => p.Value, StringComparer.Ordinal).Take(PageSize))
        {
            b.Append($"<li><a href=\"{Href(page, path)}\">{E(file)}</a></li>");
        }

        b.Append("</ul>\n");
        return Page(page, name, "Overview", b.ToString());
    }

    private static IEnumerable<(string, string)> Diagnostics(ReportInput input, string name, Dictionary<string, string> sources)
    {
        var all = input.Compilation.Diagnostics;
        var pages = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        for (var p = 1; p <= pages; p++)
        {
            var path = $"diagnostics-{p}.html";
            var b = new StringBuilder(Pager(path, "diagnostics", p, pages)).Append("<ul>");
            foreach (var d in all.Skip((p - 1) * PageSize).Take(PageSize))
            {
                b.Append(DiagnosticItem(path, d, sources));
            }

            yield return (path, Page(path, name, "Diagnostics", b.Append("</ul>\n").ToString()));
        }
    }

    private static IEnumerable<(string, string)> MachineList(string name, ResolvedSite? resolved, DeployHistory history)
    {
        var machines = resolved?.Machines.ToList() ?? [];
        var pages = Math.Max(1, (machines.Count + PageSize - 1) / PageSize);
        for (var p = 1; p <= pages; p++)
        {
            var path = $"machines-{p}.html";
            var b = new StringBuilder(Pager(path, "machines", p, pages));
            b.Append("<table><thead><tr><th scope=\"col\">Machine</th><th scope=\"col\">Kind</th><th scope=\"col\">Runs on</th><th scope=\"col\">Addresses</th><th scope=\"col\">Roles</th>")
                .Append(history.Any ? "<th scope=\"col\">Last plan</th>" : string.Empty).Append("</tr></thead><tbody>\n");
            foreach (var m in machines.Skip((p - 1) * PageSize).Take(PageSize))
            {
                b.Append($"<tr><td><a href=\"{Href(path, MachinePath(m.Name))}\">{E(m.Name)}</a></td><td>{KindName(m.Kind)}</td><td>{E(m.Host ?? "—")}</td>")
                    .Append($"<td>{E(string.Join(", ", m.Addresses.Select(a => a.Ip.ToString())))}</td><td>{E(string.Join(", ", m.Roles.Select(r => r.Role).Distinct(StringComparer.Ordinal)))}</td>");
                if (history.Any)
                {
                    b.Append("<td>").Append(history.LastPlan(m.Name) is { } plan ? $"<span data-plan=\"{E(plan.Outcome)}\">{E(plan.Outcome)}</span>, {Time(plan.Time)}" : "never planned").Append("</td>");
                }

                b.Append("</tr>\n");
            }

            yield return (path, Page(path, name, "Machines", b.Append("</tbody></table>\n").ToString()));
        }
    }

    private static string KindName(InstanceKind kind) => kind switch { InstanceKind.Vm => "VM", InstanceKind.Container => "container", _ => "host" };

    private static IEnumerable<(string, string)> Capacity(string name, ResolvedSite? resolved)
    {
        var hosts = resolved?.Site.Cadaster.Hosts.ToList() ?? [];
        var pages = Math.Max(1, (hosts.Count + PageSize - 1) / PageSize);
        for (var p = 1; p <= pages; p++)
        {
            var path = $"capacity-{p}.html";
            var body = "<p>What the roles, VMs and containers placed on each host ask for, against its hardware times its overcommit (as EL6001 adds it up).</p>\n"
                + Pager(path, "capacity", p, pages) + (resolved is null ? "<p>The site does not resolve: see the overview's diagnostics.</p>" : CapacityTable(path, resolved, hosts.Skip((p - 1) * PageSize).Take(PageSize)));
            yield return (path, Page(path, name, "Capacity used per host", body));
        }
    }

    private static string CapacityTable(string page, ResolvedSite resolved, IEnumerable<Host> hosts)
    {
        var totals = Totals(resolved.Site);
        var b = new StringBuilder("<table class=\"capacity\"><thead><tr><th scope=\"col\">Host</th><th scope=\"col\">CPUs</th><th scope=\"col\">Memory</th><th scope=\"col\">Disk</th></tr></thead><tbody>\n");
        foreach (var h in hosts)
        {
            var sum = totals.GetValueOrDefault(h.Name) ?? new double[3];
            var hw = h.Hardware;
            b.Append($"<tr><td><a href=\"{Href(page, MachinePath(h.Name))}\">{E(h.Name)}</a></td>")
                .Append("<td>").Append(Bar(sum[0], hw.Cpus * hw.Overcommit.Cpu, $"{N(sum[0])} of {(hw.Cpus is { } c ? N(c * hw.Overcommit.Cpu) : "?")} CPUs")).Append("</td>")
                .Append("<td>").Append(Bar(sum[1], hw.Memory?.Bytes * hw.Overcommit.Memory, $"{Size(sum[1])} of {(hw.Memory is { } m ? Size(m.Bytes * hw.Overcommit.Memory) : "?")}")).Append("</td>")
                .Append("<td>").Append(Bar(sum[2], hw.Disk?.Bytes * hw.Overcommit.Disk, $"{Size(sum[2])} of {(hw.Disk is { } d ? Size(d.Bytes * hw.Overcommit.Disk) : "?")}")).Append("</td></tr>\n");
        }

        return b.Append("</tbody></table>\n").ToString();
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Site, Dictionary<string, double[]>> TotalsCache = new();

    /// <summary>CPUs, memory and disk asked of each host, summed once per site from the shared placement facts.</summary>
    private static Dictionary<string, double[]> Totals(Site site) => TotalsCache.GetValue(site, s =>
    {
        var totals = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var p in PlacementFacts.DistinctRunning(s))
        {
            if (!totals.TryGetValue(p.Instance.Host, out var sum))
            {
                totals[p.Instance.Host] = sum = new double[3];
            }

            sum[0] += PlacementFacts.Amount(p, ResourceKind.Cpu) ?? 0;
            sum[1] += PlacementFacts.Amount(p, ResourceKind.Memory) ?? 0;
            sum[2] += PlacementFacts.Amount(p, ResourceKind.Disk) ?? 0;
        }

        return totals;
    });

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Site, Dictionary<string, int>> RackIndexCache = new();

    /// <summary>Each rack's position in the cadaster, which says on which racks-N page it is drawn.</summary>
    private static Dictionary<string, int> RackIndex(Site site) => RackIndexCache.GetValue(site, s =>
        s.Cadaster.Racks.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal));

    private static string Size(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var u = 0;
        while (bytes >= 1024 && u < units.Length - 1)
        {
            bytes /= 1024;
            u++;
        }

        return $"{N(Math.Round(bytes, 1))} {units[u]}";
    }

    private static IEnumerable<(string, string)> Racks(string name, Site? site, Dictionary<string, string> machinePages)
    {
        var racks = site?.Cadaster.Racks.ToList() ?? [];
        var pages = Math.Max(1, (racks.Count + RacksPerPage - 1) / RacksPerPage);
        var mounted = new Dictionary<string, List<Mounted>>(StringComparer.Ordinal);
        void Mount(string device, string kind, RackPosition? rack, string? page)
        {
            if (rack is null)
            {
                return;
            }

            if (!mounted.TryGetValue(rack.Rack, out var list))
            {
                mounted[rack.Rack] = list = [];
            }

            list.Add(new Mounted(device, kind, rack.Unit, rack.Height, page));
        }

        if (site is not null)
        {
            foreach (var h in site.Cadaster.Hosts)
            {
                Mount(h.Name, "host", h.Rack, machinePages.GetValueOrDefault(h.Name));
            }

            foreach (var s in site.Cadaster.Switches)
            {
                Mount(s.Name, "switch", s.Rack, null);
            }

            foreach (var r in site.Cadaster.Routers)
            {
                Mount(r.Name, "router", r.Rack, r.Host is null ? null : machinePages.GetValueOrDefault(r.Host));
            }
        }

        var draw = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var power in site is null ? [] : site.Cadaster.Hosts.Select(h => h.Power).Concat(site.Cadaster.Switches.Select(s => s.Power)).Concat(site.Cadaster.Routers.Select(r => r.Power)))
        {
            if (power is not null)
            {
                draw[power.Pdu] = draw.GetValueOrDefault(power.Pdu) + power.Watts;
            }
        }

        for (var p = 1; p <= pages; p++)
        {
            var path = $"racks-{p}.html";
            var b = new StringBuilder("<p>Each rack from the front and from the rear, U1 at the bottom; a device covers its units and links to its page; units with nothing in them say “empty”. The cadaster records no depth: the rear shows the same devices.</p>\n");
            b.Append(Pager(path, "racks", p, pages));
            if (racks.Count == 0)
            {
                b.Append("<p>The cadaster lists no racks.</p>\n");
            }

            if (p == 1 && site is not null && site.Cadaster.Hosts.Where(h => h.Rack is null).Select(h => h.Name).ToList() is { Count: > 0 } loose)
            {
                b.Append($"<p>In no rack ({I(loose.Count)}): ")
                    .Append(string.Join(", ", loose.Take(PageSize).Select(h => $"<a href=\"{Href(path, MachinePath(h))}\">{E(h)}</a>")))
                    .Append(loose.Count > PageSize ? ", …" : string.Empty).Append("</p>\n");
            }

            foreach (var rack in racks.Skip((p - 1) * RacksPerPage).Take(RacksPerPage))
            {
                var devices = mounted.GetValueOrDefault(rack.Name) ?? [];
                var used = devices.Sum(d => d.Height);
                b.Append($"<section aria-labelledby=\"rack-{E(rack.Name)}\"><h2 id=\"rack-{E(rack.Name)}\">Rack {E(rack.Name)}</h2>\n")
                    .Append($"<p>{rack.Height} units, {used} used, {Math.Max(0, rack.Height - used)} empty{(rack.Location is null ? string.Empty : "; " + E(rack.Location))}.</p>\n")
                    .Append("<div class=\"racks\">").Append(RackElevation.Svg(path, rack, devices, "front")).Append(RackElevation.Svg(path, rack, devices, "rear")).Append("</div>\n");
                var pdus = site!.Cadaster.Pdus.Where(x => x.Rack == rack.Name).ToList();
                if (pdus.Count > 0)
                {
                    b.Append("<table><caption>Power distribution (rear)</caption><thead><tr><th scope=\"col\">PDU</th><th scope=\"col\">Draw against capacity</th></tr></thead><tbody>");
                    foreach (var pdu in pdus)
                    {
                        var w = draw.GetValueOrDefault(pdu.Name);
                        b.Append($"<tr><td>{E(pdu.Name)}</td><td data-pdu=\"{E(pdu.Name)}\">{Bar(w, pdu.CapacityWatts, $"{w} W of {pdu.CapacityWatts} W")}</td></tr>");
                    }

                    b.Append("</tbody></table>\n");
                }

                b.Append("</section>\n");
            }

            yield return (path, Page(path, name, "Rack elevations", b.ToString()));
        }
    }

    private static string Network(ReportInput input, string name, ResolvedSite? resolved)
    {
        const string page = "network.html";
        var b = new StringBuilder();
        if (resolved is null)
        {
            return Page(page, name, "Network", "<p>The site does not resolve: see the overview's diagnostics.</p>");
        }

        b.Append("<table><thead><tr><th scope=\"col\">Network</th><th scope=\"col\">CIDR</th><th scope=\"col\">VLAN</th><th scope=\"col\">Gateway</th><th scope=\"col\">Addresses</th></tr></thead><tbody>\n");
        var counts = resolved.Machines.SelectMany(m => m.Addresses).GroupBy(a => a.Network, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var n in resolved.Site.Networks)
        {
            b.Append($"<tr><td>{E(n.Name)}</td><td>{E(n.Cidr.ToString())}</td><td>{(n.Vlan is { } v ? I(v) : "—")}</td><td>{E(n.Gateway?.ToString() ?? "—")}</td><td>{I(counts.GetValueOrDefault(n.Name))}</td></tr>\n");
        }

        b.Append("</tbody></table>\n");
        if (resolved.Machines.Count > GraphLimit)
        {
            b.Append($"<p>The site has {I(resolved.Machines.Count)} machines, too many for one readable graph: draw one network at a time with <code>elenta graph --layer network --only NETWORK</code>.</p>\n");
        }
        else
        {
            var rendered = input.RenderSvg(SiteGraph.Dot(resolved, GraphLayer.Network));
            if (rendered.Bytes is { } svg)
            {
                var text = Encoding.UTF8.GetString(svg);
                var start = text.IndexOf("<svg", StringComparison.Ordinal);
                b.Append("<figure class=\"graph\" role=\"group\" aria-label=\"network graph\">").Append(start >= 0 ? text[start..] : text).Append("<figcaption>Networks, machines by address, firewalls with their zones and the flows their rules allow (<code>elenta graph --layer network</code>).</figcaption></figure>\n");
            }
            else
            {
                b.Append($"<p>The graph could not be drawn: {E(rendered.Error)}</p>\n");
            }
        }

        return Page(page, name, "Network", b.ToString());
    }

    private static IEnumerable<(string, string)> Dns(string name, BuildResult? build, string? previousBuild)
    {
        var zones = (build?.Artifacts ?? []).Where(a => a.Family == "dns" && a.Path.EndsWith(".zone", StringComparison.Ordinal)).OrderBy(a => a.Path, StringComparer.Ordinal).ToList();
        var index = new StringBuilder("<p>Each zone as <code>elenta build</code> writes it for NSD.")
            .Append(previousBuild is null
                ? " There is no earlier build to take serials from, so each serial is today's first, as in a first build (<code>elenta report --build DIR</code> keeps those of the build in DIR).</p>\n"
                : $" Serials as a build into <code id=\"serials-from\">{E(previousBuild)}</code> would write them: a zone that did not change keeps that build's serial, one that changed moves past it.</p>\n");
        if (zones.Count == 0)
        {
            index.Append(build is null ? "<p>The site has errors, so nothing is built (see the overview).</p>\n" : "<p>The build writes no zones.</p>\n");
        }

        index.Append("<ul>");
        var zonePages = new List<(string, string)>();
        foreach (var zone in zones)
        {
            var zoneName = Path.GetFileNameWithoutExtension(zone.Path);
            var lines = Encoding.UTF8.GetString(zone.Content).Split('\n');
            var records = lines.Count(l => l.Length > 0 && !l.StartsWith(';'));
            var pages = Math.Max(1, (lines.Length + ZoneLinesPerPage - 1) / ZoneLinesPerPage);
            var baseName = "dns/" + zone.Path.Replace('/', '_');
            index.Append($"<li><a href=\"{Href("dns.html", baseName + "-1.html")}\">{E(zoneName)}</a> ({I(records)} lines of records; <code>{E(zone.Path)}</code>)</li>");
            for (var p = 1; p <= pages; p++)
            {
                var path = $"{baseName}-{p}.html";
                var body = $"<p>Served from <code>{E(zone.Delivery?.Target ?? zone.Path)}</code> by {E(string.Join(", ", zone.Machines))}.</p>\n"
                    + Pager(path, baseName, p, pages)
                    + "<pre>" + E(string.Join('\n', lines.Skip((p - 1) * ZoneLinesPerPage).Take(ZoneLinesPerPage))) + "</pre>\n";
                zonePages.Add((path, Page(path, name, "Zone " + zoneName, body)));
            }
        }

        index.Append("</ul>\n");
        yield return ("dns.html", Page("dns.html", name, "DNS zones", index.ToString()));
        foreach (var z in zonePages)
        {
            yield return z;
        }
    }

    private static string Time(DateTimeOffset time) => E(time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC");

    private static string Revision(string? revision) => revision is null ? "—" : $"<code>{E(revision)}</code>";

    /// <summary>The overview's part: how many machines the last plan found in each status, and the first machines' latest lines.</summary>
    private static string DeploySummary(string page, ResolvedSite resolved, DeployHistory history)
    {
        if (history.Problem is not null)
        {
            return $"<p>The deploy journal could not be read: {E(history.Problem)}</p>\n";
        }

        if (!history.Any)
        {
            return "<p>No deploy journal yet: nothing was planned or deployed from this site. <code>elenta plan</code> and <code>elenta deploy</code> record each machine's outcome there (<code>.elenta/state.db</code>, or the site's <code>state:</code>).</p>\n";
        }

        var machines = resolved.Machines.Where(m => history.Has(m.Name)).ToList();
        var statuses = machines.Select(m => history.LastPlan(m.Name)?.Outcome ?? "never planned")
            .GroupBy(x => x, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{I(g.Count())} {E(g.Key)}");
        var b = new StringBuilder($"<p>From the journal <code>{E(history.Source)}</code>, each machine's last plan: <span id=\"plan-summary\">{string.Join(", ", statuses)}</span>")
            .Append($"; {I(resolved.Machines.Count - machines.Count)} machines have no line in it.</p>\n");
        b.Append(DeployTable(page, machines.Take(50), history));
        if (machines.Count > 50)
        {
            b.Append($"<p><a href=\"{Href(page, "deploys-1.html")}\">Every machine's last plan and deploy ({I(machines.Count)} machines)</a></p>\n");
        }

        return b.ToString();
    }

    private static string DeployTable(string page, IEnumerable<MachineView> machines, DeployHistory history)
    {
        var b = new StringBuilder("<table class=\"deploys\"><thead><tr><th scope=\"col\">Machine</th><th scope=\"col\">Last plan</th><th scope=\"col\">Last deploy or rollback</th></tr></thead><tbody>\n");
        foreach (var m in machines)
        {
            b.Append($"<tr data-machine=\"{E(m.Name)}\"><td><a href=\"{Href(page, MachinePath(m.Name))}\">{E(m.Name)}</a></td><td>");
            b.Append(history.LastPlan(m.Name) is { } plan ? $"<strong data-plan=\"{E(plan.Outcome)}\">{E(plan.Outcome)}</strong>, {Time(plan.Time)}" : "never planned");
            b.Append("</td><td>");
            if (history.LastChange(m.Name) is { } change)
            {
                b.Append($"{E(change.Command)}: <span data-outcome=\"{E(change.Outcome)}\">{E(change.Outcome)}</span>, {Time(change.Time)}")
                    .Append(change.Generation is { } g ? $", generation {I(g)}" : string.Empty)
                    .Append(change.Revision is { } r ? $", revision <code>{E(r)}</code>" : string.Empty)
                    .Append($", by {E(change.Operator)}");
            }
            else
            {
                b.Append("never deployed");
            }

            b.Append("</td></tr>\n");
        }

        return b.Append("</tbody></table>\n").ToString();
    }

    /// <summary>deploys-N.html: every machine the journal has lines for, with its last plan and its last deploy.</summary>
    private static IEnumerable<(string, string)> Deploys(string name, ResolvedSite? resolved, DeployHistory history)
    {
        var machines = resolved is null ? [] : resolved.Machines.Where(m => history.Has(m.Name)).ToList();
        var pages = Math.Max(1, (machines.Count + PageSize - 1) / PageSize);
        for (var p = 1; p <= pages; p++)
        {
            var path = $"deploys-{p}.html";
            var b = new StringBuilder();
            if (resolved is null)
            {
                b.Append("<p>The site does not resolve: see the overview's diagnostics.</p>\n");
            }
            else if (machines.Count == 0)
            {
                b.Append(DeploySummary(path, resolved, history));
            }
            else
            {
                b.Append($"<p>Each machine's last plan and its last deploy, switch, boot or rollback, from the journal <code>{E(history.Source)}</code>; its page lists its last {I(DeployHistory.PerMachine)} lines (<code>elenta history MACHINE</code> shows them all).</p>\n")
                    .Append(Pager(path, "deploys", p, pages))
                    .Append(DeployTable(path, machines.Skip((p - 1) * PageSize).Take(PageSize), history));
            }

            yield return (path, Page(path, name, "Deploys", b.ToString()));
        }
    }

    /// <summary>A machine page's part: its last plan, and its last lines of the journal, newest first.</summary>
    private static void MachineDeploys(StringBuilder b, MachineView m, DeployHistory history)
    {
        b.Append("<h2 id=\"deploys\">Deploys</h2>\n");
        if (history.Problem is not null)
        {
            b.Append($"<p>The deploy journal could not be read: {E(history.Problem)}</p>\n");
            return;
        }

        var lines = history.Lines(m.Name);
        if (lines.Count == 0)
        {
            b.Append(history.Any || history.Source is not null
                ? "<p>The deploy journal has no line for this machine: it was never planned nor deployed.</p>\n"
                : "<p>No deploy journal yet: nothing was planned or deployed from this site.</p>\n");
            return;
        }

        if (history.LastPlan(m.Name) is { } plan)
        {
            b.Append($"<p>Last plan, {Time(plan.Time)}: <strong id=\"plan-status\" data-plan=\"{E(plan.Outcome)}\">{E(plan.Outcome)}</strong>")
                .Append(plan.Detail.Length > 0 ? " — " + E(plan.Detail) : string.Empty).Append("</p>\n");
        }
        else
        {
            b.Append("<p>Never planned.</p>\n");
        }

        b.Append($"<table class=\"history\"><caption>The last {I(lines.Count)} lines of the journal for {E(m.Name)}, newest first</caption><thead><tr>")
            .Append("<th scope=\"col\">Time</th><th scope=\"col\">Command</th><th scope=\"col\">Outcome</th><th scope=\"col\">Generation</th><th scope=\"col\">Revision</th><th scope=\"col\">Operator</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n");
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var e = lines[i];
            b.Append($"<tr><td>{Time(e.Time)}</td><td>{E(e.Command)}</td><td>{E(e.Outcome)}</td><td>{(e.Generation is { } g ? I(g) : "—")}</td><td>{Revision(e.Revision)}</td><td>{E(e.Operator)}</td><td>{E(e.Detail)}</td></tr>\n");
        }

        b.Append("</tbody></table>\n");
    }

    /// <summary>Machines per search index file: each stays far below 2 MB on any site.</summary>
    public const int SearchShard = 5000;

    /// <summary>
    /// search.html and its index, one script file per <see cref="SearchShard"/> machines
    /// (search/index-N.js: <c>[name, words]</c> per machine), loaded by plain script tags so that
    /// it works from file://.
    /// </summary>
    private static IEnumerable<(string, string)> Search(string name, ResolvedSite? resolved)
    {
        const string page = "search.html";
        var machines = resolved?.Machines.ToList() ?? [];
        var shards = (machines.Count + SearchShard - 1) / SearchShard;
        for (var n = 1; n <= shards; n++)
        {
            var entries = new StringBuilder("elentaIndex.push(\n");
            var first = true;
            foreach (var m in machines.Skip((n - 1) * SearchShard).Take(SearchShard))
            {
                var words = new List<string>();
                words.AddRange(m.Addresses.Select(a => a.Fqdn));
                words.AddRange(m.Addresses.Select(a => a.Ip.ToString()));
                words.AddRange(m.Roles.Select(r => r.Role).Distinct(StringComparer.Ordinal));
                entries.Append(first ? string.Empty : ",\n").Append(JsonSerializer.Serialize(new[] { m.Name, string.Join(' ', words.Distinct(StringComparer.Ordinal)) }));
                first = false;
            }

            yield return ($"search/index-{n}.js", entries.Append(");\n").ToString());
        }

        var scripts = string.Concat(Enumerable.Range(1, shards).Select(n => $"<script src=\"search/index-{n}.js\"></script>\n"));
        var body = "<p>Type part of a machine's name, one of its DNS names or addresses, or a role.</p>\n"
            + "<p><label for=\"find\">Find </label><input id=\"find\" type=\"search\" autocomplete=\"off\" aria-controls=\"results\"></p>\n"
            + "<p id=\"summary\" role=\"status\" aria-live=\"polite\"></p>\n<ol id=\"results\"></ol>\n"
            + "<script>var elentaIndex = [];</script>\n" + scripts
            + """
            <script>
            (function () {
              var index = elentaIndex;
              var find = document.getElementById('find'), results = document.getElementById('results'), summary = document.getElementById('summary');
              function show() {
                var q = find.value.trim().toLowerCase(); results.textContent = '';
                if (!q) { summary.textContent = ''; return; }
                var found = index.filter(function (e) { return e[0].toLowerCase().indexOf(q) >= 0 || e[1].toLowerCase().indexOf(q) >= 0; });
                summary.textContent = found.length + (found.length === 1 ? ' machine' : ' machines') + (found.length > 200 ? ', first 200 shown' : '');
                found.slice(0, 200).forEach(function (e) {
                  var li = document.createElement('li'), a = document.createElement('a');
                  a.href = 'machine/' + encodeURIComponent(e[0]) + '.html'; a.textContent = e[0]; li.appendChild(a);
                  li.appendChild(document.createTextNode(' — ' + e[1]));
                  results.appendChild(li);
                });
              }
              var q = new URLSearchParams(location.search).get('q');
              if (q) { find.value = q; document.getElementById('q').value = q; }
              find.addEventListener('input', show); show(); find.focus();
            })();
            </script>

            """;
        yield return (page, Page(page, name, "Search", body));
    }

    private static void MachinePage(StringBuilder b, ReportInput input, ResolvedSite resolved, MachineView m, List<Artifact>? receives, byte[] view)
    {
        var page = MachinePath(m.Name);
        var host = m.Kind == InstanceKind.Host ? resolved.Site.Cadaster.Hosts[m.Name] : null;
        b.Append($"<p>{KindName(m.Kind)}{(m.Host is null || m.Kind == InstanceKind.Host ? string.Empty : $" on <a href=\"{Href(page, MachinePath(m.Host))}\">{E(m.Host)}</a>")}")
            .Append(host?.Description is { } desc ? " — " + E(desc) : string.Empty).Append("</p>\n");
        b.Append("<h2>Hardware</h2>\n<table><tbody>");
        b.Append($"<tr><th scope=\"row\">CPUs</th><td>{(m.Cpus is { } cpus ? I(cpus) : "—")}</td></tr>");
        b.Append($"<tr><th scope=\"row\">Memory</th><td>{E(m.Memory?.ToString() ?? "—")}</td></tr>");
        b.Append($"<tr><th scope=\"row\">Disk</th><td>{E(m.Disk?.ToString() ?? "—")}</td></tr>");
        if (host is not null)
        {
            b.Append($"<tr><th scope=\"row\">Architecture</th><td>{E(host.Hardware.Arch)}{(host.Hardware.Model is null ? string.Empty : ", " + E(host.Hardware.Model))}</td></tr>");
            b.Append($"<tr><th scope=\"row\">Boot</th><td>{E(host.Boot.Mode.ToString().ToLowerInvariant())}, {E(host.Boot.Firmware.ToString().ToLowerInvariant())}</td></tr>");
            b.Append($"<tr><th scope=\"row\">Driver</th><td>{E(host.Driver.ToString().ToLowerInvariant())}</td></tr>");
            if (host.Rack is { } rack)
            {
                var index = RackIndex(resolved.Site).GetValueOrDefault(rack.Rack, -1);
                var link = index >= 0 ? $"<a href=\"{Href(page, $"racks-{index / RacksPerPage + 1}.html")}#rack-{E(rack.Rack)}\">{E(rack.Rack)}</a>" : E(rack.Rack);
                b.Append($"<tr><th scope=\"row\">Rack</th><td data-rack-unit=\"{rack.Unit}\">{link}, U{rack.Unit}{(rack.Height > 1 ? $"–U{rack.Unit + rack.Height - 1}" : string.Empty)}</td></tr>");
            }

            if (host.Power is { } power)
            {
                b.Append($"<tr><th scope=\"row\">Power</th><td>{power.Watts} W from {E(power.Pdu)}</td></tr>");
            }

            if (host.Tags.Count > 0)
            {
                b.Append($"<tr><th scope=\"row\">Tags</th><td>{E(string.Join(", ", host.Tags))}</td></tr>");
            }
        }

        b.Append("</tbody></table>\n");
        if (host is not null && host.Interfaces.Count > 0)
        {
            b.Append("<h2>Interfaces</h2>\n<table><thead><tr><th scope=\"col\">Interface</th><th scope=\"col\">MAC</th><th scope=\"col\">Cable</th><th scope=\"col\">Bond, VLAN, bridge</th></tr></thead><tbody>");
            foreach (var nic in host.Interfaces)
            {
                var extra = new List<string>();
                if (nic.IsBond)
                {
                    extra.Add($"bond of {string.Join(", ", nic.BondMembers)}{(nic.BondMode is null ? string.Empty : " (" + nic.BondMode + ")")}");
                }

                if (nic.Vlan is { } vlan)
                {
                    extra.Add($"VLAN {vlan} on {nic.Parent}");
                }

                if (nic.Bridge is { } bridge)
                {
                    extra.Add("in bridge " + bridge);
                }

                if (nic.AliasOf is { } alias)
                {
                    extra.Add("alias of " + alias);
                }

                b.Append($"<tr><td>{E(nic.Name)}</td><td>{E(nic.Mac?.ToString() ?? "—")}</td><td>{(nic.Link is { } l ? E($"{l.Switch} port {l.Port}") : "—")}</td><td>{E(string.Join("; ", extra))}</td></tr>");
            }

            b.Append("</tbody></table>\n");
        }

        b.Append("<h2>Addresses</h2>\n");
        if (m.Addresses.Count == 0)
        {
            b.Append("<p>None.</p>\n");
        }
        else
        {
            b.Append("<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Network</th><th scope=\"col\">Address</th><th scope=\"col\">Interface</th><th scope=\"col\">MAC</th></tr></thead><tbody>");
            foreach (var a in m.Addresses)
            {
                b.Append($"<tr><td>{E(a.Fqdn)}{(a.Primary ? " (primary)" : string.Empty)}</td><td>{E(a.Network)}</td><td>{E(a.Ip.ToString())}</td><td>{E(a.Interface ?? "—")}</td><td>{E(a.Mac?.ToString() ?? "—")}</td></tr>");
            }

            b.Append("</tbody></table>\n");
        }

        b.Append("<h2>Placements</h2>\n");
        if (m.Roles.Count == 0)
        {
            b.Append("<p>No role is placed on this machine.</p>\n");
        }
        else
        {
            b.Append("<table><thead><tr><th scope=\"col\">Instance</th><th scope=\"col\">Role</th><th scope=\"col\">Constellation</th><th scope=\"col\">As</th></tr></thead><tbody>");
            foreach (var r in m.Roles)
            {
                b.Append($"<tr><td>{E(r.Instance)}</td><td>{E(r.Role)}</td><td>{E(r.Constellation)}</td><td>{(r.Kind == InstanceKind.Host ? "hostConfig" : KindName(r.Kind))}</td></tr>");
            }

            b.Append("</tbody></table>\n");
        }

        if (m.Guests.Count > 0)
        {
            b.Append("<h2>Guests</h2>\n<ul>");
            foreach (var g in m.Guests)
            {
                b.Append($"<li><a href=\"{Href(page, MachinePath(g))}\">{E(g)}</a></li>");
            }

            b.Append("</ul>\n");
        }

        b.Append("<h2>Files it receives</h2>\n");
        if (input.Build is null)
        {
            b.Append("<p>Nothing: the site has errors, and a site with errors builds nothing.</p>\n");
        }
        else if (receives is null || receives.Count == 0)
        {
            b.Append("<p>None.</p>\n");
        }
        else
        {
            b.Append("<table><thead><tr><th scope=\"col\">Target</th><th scope=\"col\">From the build</th><th scope=\"col\">Owner, mode</th><th scope=\"col\">After it changes</th></tr></thead><tbody>");
            foreach (var a in receives.OrderBy(a => a.Delivery!.Target, StringComparer.Ordinal))
            {
                var d = a.Delivery!;
                b.Append($"<tr><td><code>{E(d.Target)}</code></td><td><code>{E(a.Path)}</code></td><td>{E($"{d.Owner}:{d.Group} {d.Mode}")}</td><td>{E(string.Join("; ", d.After))}</td></tr>");
            }

            b.Append("</tbody></table>\n");
        }

        MachineDeploys(b, m, input.History);
        b.Append($"<h2 id=\"view\">Its view</h2>\n<p><code>{E(ViewPath(m.Name))}</code> of the build: what the machine's NixOS configuration reads (docs/views.md).</p>\n")
            .Append($"<details><summary>The view, {I(view.Length)} bytes of JSON</summary>\n<pre class=\"view\">");
        AppendText(b, view);
        b.Append("</pre></details>\n");
    }
}
