using Elenta.Core.Emit.Dns;
using Elenta.Core.Tests.Analysis;

namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>
/// A constellation's names are published in the zone of the site domain that is its domain, and in
/// no other: a real NSD serving the built zones answers www.apps.example.test only once
/// apps.example.test is a domain of the site, which is what EL5015 asks for.
/// </summary>
public class ConstellationDomainZoneTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    private static TestSite Site(string domains, string rules = "") => TestSite.Minimal()
        .File("elenta.yaml", $"site: mini\ncanonDomain: canon\ndns: {{ servers: [alpha, beta] }}\n{rules}")
        .File("constellations.yaml", """
            constellations:
              app:
                domain: apps.example.test
                machines:
                  alpha:
                    hostConfig: { www: { role: web } }
            """)
        .File("zones.yaml", domains);

    /// <summary>Serves every built zone with NSD as alpha (the primary) and asks it for www.apps.example.test: the dig status and answer.</summary>
    private static (string Status, IReadOnlyList<string> Answer) AskNsd(TestSite site)
    {
        var artifacts = DnsTestSites.Build(site.Compile(), Today);
        var files = DnsTestSites.Zones(artifacts).ToDictionary(z => $"{NsdConf.ZoneDirectory}/{z.Origin}.zone", z => z.Text);
        using var nsd = NsdServer.Start(new Dictionary<string, string>(), "example.test", NsdServer.ZoneClauses(artifacts["dns/nsd/alpha.nsd.conf"]), files);
        var full = ExternalTool.Run("dig", "@127.0.0.1", "-p", nsd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+time=1", "+tries=1", "+norecurse", "www.apps.example.test", "CNAME");
        Assert.True(full.ExitCode == 0, full.Output);
        var status = System.Text.RegularExpressions.Regex.Match(full.Stdout, @"status: ([A-Z]+)").Groups[1].Value;
        return (status, nsd.Query("www.apps.example.test", "CNAME"));
    }

    [Fact]
    public void UnderAParentDomainOnlyTheNamesAreNxdomainAndCheckSaysSo()
    {
        const string parentOnly = "domains: { example.test: { nameservers: [alpha, beta] } }\n";

        // check: the names have no zone.
        var d = Site(parentOnly).Compile().Diagnostics.Single("EL5015");
        Assert.Equal("apps.example.test", d.Location.Text());

        // Built anyway (the rule off), example.test's zone is authoritative for the name and has no record of it.
        var (status, answer) = AskNsd(Site(parentOnly, "analysis: { rules: { EL5015: off } }\n"));
        Assert.Equal("NXDOMAIN", status);
        Assert.Empty(answer);
    }

    [Fact]
    public void DeclaredAsADomainTheNamesAreServed()
    {
        var site = Site("domains: { example.test: { nameservers: [alpha, beta] }, apps.example.test: { nameservers: [alpha, beta] } }\n");
        site.Compile().Diagnostics.None("EL5015");
        var (status, answer) = AskNsd(site);
        Assert.Equal("NOERROR", status);
        Assert.Equal(["alpha.canon."], answer);
    }
}
