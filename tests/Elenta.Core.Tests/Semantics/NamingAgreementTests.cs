using Elenta.Core.Analysis.Facts;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Dns;
using Elenta.Core.Emit.Ssh;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Semantics;

/// <summary>
/// One naming policy, held to by every user: the names the DNS zones publish, the names analysis
/// claims, the names known_hosts accepts and the names SiteNames answers must agree, on the
/// reference site and on a small site with every kind of name. (The CLI's lookup is held to the
/// zone served by NSD in Elenta.Cli.Tests.)
/// </summary>
public class NamingAgreementTests
{
    public static TheoryData<string> Sites => ["emerald-city", "every-kind-of-name"];

    [Theory]
    [MemberData(nameof(Sites))]
    public void EveryGeneratedNameAnalysisClaimsIsPublishedAndEveryPublishedNameIsClaimed(string site)
    {
        var context = Context(site);
        var zones = Zones(context);
        var inventory = DnsNameInventory.Of(context.Resolved.Site);
        var claimed = inventory.Claims.Select(c => c.Fqdn).ToHashSet(StringComparer.Ordinal);

        var generated = inventory.Claims.Where(c => c.Source != DnsClaimSource.Record).ToList();
        Assert.NotEmpty(generated);
        foreach (var claim in generated)
        {
            Assert.True(zones.ContainsKey(claim.Fqdn), $"analysis claims {claim.Fqdn} ({claim.Owner}), but no zone publishes it");
        }

        foreach (var (name, records) in zones)
        {
            // A zone's apex is the zone's own (redirectBareTo gives it an address); everything else has an owner.
            Assert.True(claimed.Contains(name) || inventory.ServedZones.Contains(name), $"the zones publish {name} ({string.Join(", ", records)}), but analysis does not claim it");
        }
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public void TheCanonZoneHoldsExactlyTheNamesSiteNamesAnswersWithTheirAddresses(string site)
    {
        var context = Context(site);
        var names = context.Resolved.Names;
        var canonSuffix = "." + names.CanonDomain;
        var zones = Zones(context);
        var inCanonZone = zones.Where(z => z.Key.EndsWith(canonSuffix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(inCanonZone);
        foreach (var (name, records) in inCanonZone)
        {
            var answered = names.AddressesOf(name).Select(a => a.ToString()).Order(StringComparer.Ordinal);
            Assert.Equal(records.Select(r => r.Data).Order(StringComparer.Ordinal), answered);
        }

        foreach (var name in names.Canon)
        {
            Assert.Contains(name.Ip.ToString(), zones.GetValueOrDefault(name.Fqdn.ToLowerInvariant())?.Select(r => r.Data) ?? []);
        }
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public void EveryNameInKnownHostsResolvesToAnAddressOfItsLine(string site)
    {
        var context = Context(site);
        var zones = Zones(context);
        var canon = context.Resolved.Names.CanonDomain;
        var knownHosts = EmitterRuns.RunClean(new KnownHostsEmitter(), context).Text(KnownHostsEmitter.OutputPath);
        var lines = knownHosts.Split('\n').Where(l => l.Length > 0 && l[0] != '#' && l[0] != '@').ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var names = line[..line.IndexOf(' ', StringComparison.Ordinal)].Split(',');
            var addresses = names.Where(n => IpAddress.TryParse(n, out _)).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(addresses);
            foreach (var name in names.Where(n => !addresses.Contains(n)))
            {
                // A bare machine name is looked up in the canon domain (the search domain the site's DHCP hands out).
                var fqdn = name.Contains('.', StringComparison.Ordinal) ? name : $"{name}.{canon}";
                var resolved = Resolve(zones, fqdn.ToLowerInvariant());
                Assert.True(resolved.Count > 0, $"known_hosts lists {name}, which no zone publishes");
                Assert.True(resolved.All(addresses.Contains), $"known_hosts lists {name} with {string.Join(", ", addresses)}, but DNS gives it {string.Join(", ", resolved)}");
            }
        }
    }

    private static EmitContext Context(string site) => site == "emerald-city"
        ? ExampleSites.EmitContext("emerald-city")
        : EmitContext.ForTests(Compiled(NamingSites.EveryKindOfName()).Resolved!, ExampleSites.Today);

    private static Compilation Compiled(TestSite site)
    {
        var compilation = site.Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        return compilation;
    }

    private sealed record ZoneRecord(string Type, string Data)
    {
        public override string ToString() => $"{Type} {Data}";
    }

    /// <summary>The A, AAAA and CNAME records of every forward zone the DNS emitter writes, by whole lower-case name.</summary>
    private static Dictionary<string, List<ZoneRecord>> Zones(EmitContext context)
    {
        var byName = new Dictionary<string, List<ZoneRecord>>(StringComparer.Ordinal);
        foreach (var zone in EmitterRuns.RunClean(new DnsEmitter(), context).Where(a => a.Path.EndsWith(".zone", StringComparison.Ordinal) && !a.Path.Contains(".arpa", StringComparison.Ordinal)))
        {
            var origin = string.Empty;
            foreach (var line in zone.Text().Split('\n'))
            {
                if (line.StartsWith("$ORIGIN ", StringComparison.Ordinal))
                {
                    origin = line["$ORIGIN ".Length..].Trim().TrimEnd('.');
                    continue;
                }

                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] is ';' or '$' || fields.Length < 4 || fields[2] is not ("A" or "AAAA" or "CNAME"))
                {
                    continue;
                }

                var name = (fields[0] == "@" ? origin : $"{fields[0]}.{origin}").ToLowerInvariant();
                var data = fields[3].EndsWith('.') ? fields[3].TrimEnd('.').ToLowerInvariant() : fields[3];
                if (!byName.TryGetValue(name, out var records))
                {
                    byName[name] = records = [];
                }

                records.Add(new ZoneRecord(fields[2], data));
            }
        }

        return byName;
    }

    /// <summary>The addresses a name has, following CNAMEs as a resolver does.</summary>
    private static List<string> Resolve(Dictionary<string, List<ZoneRecord>> zones, string name)
    {
        for (var hops = 0; hops < 8 && zones.TryGetValue(name, out var records); hops++)
        {
            if (records.FirstOrDefault(r => r.Type == "CNAME") is { } cname)
            {
                name = cname.Data;
                continue;
            }

            return records.Select(r => r.Data).ToList();
        }

        return [];
    }
}
