using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Firewall;
using Elenta.Core.Emit.Views;
using Elenta.Core.Tests.Emit.Views;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Emit.Firewall;

/// <summary>
/// A machine's view (<c>firewall.input</c>, what nix/ turns into NixOS's firewall) and its
/// nftables file (<c>chain input</c>) must open the same ports, to the same sources and addresses,
/// on the same interfaces, in the same order. Both are read back from the emitted files, not from
/// the service that computes them, so a writer that drifts from the other fails here. For every
/// machine of emerald-city (which has a firewall section), of the wiring site and of the live
/// firewall site without one.
/// </summary>
public partial class ViewAgreesWithRulesetTests
{
    /// <summary>One accept statement as nft reads it: interface, family, sources, destinations, protocol, ports.</summary>
    private sealed record Accept(string Interface, string Family, string Sources, string Destinations, string Protocol, string Ports, string Comment)
    {
        public override string ToString() => $"[{Interface}] {Family} saddr {Sources} daddr {Destinations} {Protocol} dport {Ports} ({Comment})";

        public bool SameMatch(Accept other) => (Interface, Family, Sources, Destinations, Protocol, Ports) == (other.Interface, other.Family, other.Sources, other.Destinations, other.Protocol, other.Ports);
    }

    public static TheoryData<string> Sites => ["emerald-city", "wiring", "live-without-firewall-section"];

    [Theory]
    [MemberData(nameof(Sites))]
    public void EveryMachinesViewOpensWhatItsNftablesFileOpens(string name)
    {
        var context = name switch
        {
            "emerald-city" => ExampleSites.SharedEmitContext(name),
            "wiring" => Context(ViewSites.Wiring()),
            _ => Context(FirewallLiveTests.Site().File("elenta.yaml", "site: live\ncanonDomain: canon\nanalysis: { rules: { EL8005: warning } }\n")),
        };
        var views = EmitterRuns.RunClean(new ViewsEmitter(), context)
            .Where(a => a.Path.Count(c => c == '/') == 1)
            .ToDictionary(a => Path.GetFileNameWithoutExtension(a.Path), a => JsonNode.Parse(a.Content)!.AsObject(), StringComparer.Ordinal);
        var rulesets = EmitterRuns.RunClean(new FirewallEmitter(), context)
            .ToDictionary(a => a.Path["firewall/".Length..^".nft".Length], a => a.Text(), StringComparer.Ordinal);

        var compared = 0;
        foreach (var (machine, view) in views)
        {
            var input = view["firewall"]!["input"]!;
            var policy = input["policy"]!.GetValue<string>();
            var chain = rulesets.TryGetValue(machine, out var text) ? InputChain(text) : null;
            if (policy == "accept")
            {
                Assert.True(chain is null, $"{name}/{machine}: the view says it has no input chain, its nftables file has one");
                Assert.Empty(input["rules"]!.AsArray());
                continue;
            }

            Assert.Equal("drop", policy);
            Assert.True(chain is not null, $"{name}/{machine}: the view has input rules, but no nftables file has an input chain for it");
            var fromView = input["rules"]!.AsArray().SelectMany(r => Expand(r!.AsObject())).ToList();
            var fromNft = chain!;
            var diff = $"{name}/{machine}:\nview:\n  {string.Join("\n  ", fromView)}\nnft:\n  {string.Join("\n  ", fromNft)}";
            Assert.True(fromView.Count == fromNft.Count && fromView.Zip(fromNft).All(p => p.First.SameMatch(p.Second)), diff);
            // nft's comment is the view's, with where the site says so.
            Assert.All(fromView.Zip(fromNft), p => Assert.StartsWith(p.First.Comment[..Math.Min(p.First.Comment.Length, 100)], p.Second.Comment, StringComparison.Ordinal));
            compared += fromView.Count;
        }

        // Every machine with an input chain has a view; and there was something to compare.
        Assert.All(rulesets.Where(r => InputChain(r.Value) is not null), r => Assert.True(views.ContainsKey(r.Key), r.Key));
        Assert.True(compared >= views.Count, $"{compared} statements compared over {views.Count} views");
    }

    [Fact]
    public void TheComparisonSeesADifference()
    {
        // The parsers are what the test trusts: a statement with another source is told apart.
        var nft = InputChain("table inet elenta {\n\tchain input {\n\t\tip saddr 10.0.0.0/8 tcp dport 22 counter accept comment \"x (a:1)\"\n\t\tcounter drop\n\t}\n}\n")!;
        var view = Expand(JsonNode.Parse("""{ "comment": "x", "protocol": "tcp", "port": 22, "portTo": 22, "sources": ["10.0.0.0/16"], "destinations": [], "interfaces": [] }""")!.AsObject());
        Assert.False(view.Single().SameMatch(nft.Single()));
        var same = Expand(JsonNode.Parse("""{ "comment": "x", "protocol": "tcp", "port": 22, "portTo": 22, "sources": ["10.0.0.0/8"], "destinations": [], "interfaces": [] }""")!.AsObject());
        Assert.True(same.Single().SameMatch(nft.Single()));
    }

    private static EmitContext Context(TestSite site)
    {
        var compilation = site.Compile();
        Assert.True(compilation.Diagnostics.All(d => !d.IsError), DiagnosticAssertions.Describe(compilation.Diagnostics));
        return EmitContext.ForTests(compilation.Resolved!, ExampleSites.Today);
    }

    [GeneratedRegex("""^(iifname "(?<iif>[^"]+)" )?((?<fam>ip6?) saddr (?<saddr>\{ [^}]* \}|\S+) )?((?<fam2>ip6?) daddr (?<daddr>\{ [^}]* \}|\S+) )?(?<proto>tcp|udp) dport (?<ports>\{ [^}]* \}|\S+) counter accept comment "(?<comment>[^"]*)"$""")]
    private static partial Regex NftAccept();

    /// <summary>The accept statements of the file's input chain (null when it has none), past the fixed preamble (loopback, conntrack, ICMP).</summary>
    private static List<Accept>? InputChain(string nft)
    {
        var lines = nft.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.IndexOf("chain input {");
        if (start < 0)
        {
            return null;
        }

        var list = new List<Accept>();
        for (var i = start + 1; lines[i] != "}"; i++)
        {
            if (!lines[i].Contains(" dport ", StringComparison.Ordinal))
            {
                continue;
            }

            var m = NftAccept().Match(lines[i]);
            Assert.True(m.Success, "an input statement the test cannot read: " + lines[i]);
            var family = m.Groups["fam"].Success ? m.Groups["fam"].Value : m.Groups["fam2"].Success ? m.Groups["fam2"].Value : "any";
            list.Add(new Accept(m.Groups["iif"].Value, family, Set(Elements(m.Groups["saddr"].Value)), Set(Elements(m.Groups["daddr"].Value)),
                m.Groups["proto"].Value, string.Join(",", Elements(m.Groups["ports"].Value)), m.Groups["comment"].Value));
        }

        return list;
    }

    /// <summary>A view rule as the statements it means: one per address family its sources and destinations have.</summary>
    private static List<Accept> Expand(JsonObject rule)
    {
        var sources = rule["sources"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        var destinations = rule["destinations"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        var interfaces = rule["interfaces"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.True(interfaces.Count <= 1, "nft writes one interface per statement");
        var iif = interfaces.SingleOrDefault() ?? string.Empty;
        var (from, to) = (rule["port"]!.GetValue<int>(), rule["portTo"]!.GetValue<int>());
        var ports = from == to ? $"{from}" : $"{from}-{to}";
        var protocol = rule["protocol"]!.GetValue<string>();
        var comment = rule["comment"]!.GetValue<string>();
        if (sources.Count == 0 && destinations.Count == 0)
        {
            return [new Accept(iif, "any", string.Empty, string.Empty, protocol, ports, comment)];
        }

        var list = new List<Accept>();
        foreach (var (family, v6) in new[] { ("ip", false), ("ip6", true) })
        {
            var src = sources.Where(s => s.Contains(':') == v6).ToList();
            var dst = destinations.Where(d => d.Contains(':') == v6).ToList();
            if ((sources.Count > 0 && src.Count == 0) || (destinations.Count > 0 && dst.Count == 0))
            {
                continue;
            }

            list.Add(new Accept(iif, family, Set(src), Set(dst), protocol, ports, comment));
        }

        return list;
    }

    private static IEnumerable<string> Elements(string text) =>
        text.Length == 0 ? [] : text.Trim('{', '}', ' ').Split(", ", StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Addresses and networks in one spelling (a host address as a /32 or /128), sorted; ports as written.</summary>
    private static string Set(IEnumerable<string> items) => string.Join(",", items.Select(Canonical).Order(StringComparer.Ordinal));

    private static string Canonical(string item)
    {
        if (IpNetwork.TryParse(item, out var network, out _))
        {
            return network.ToString();
        }

        return IpAddress.TryParse(item, out var ip) ? new IpNetwork(ip, ip.Bits).ToString() : item;
    }
}
