using Elenta.Core.Tests.Analysis;

namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>
/// MX, SRV and NS targets as the built zone publishes them, checked by BIND's named-checkzone: a full
/// name without its final dot is relative in the zone file, and the names check reports (EL5004)
/// are exactly the ones named-checkzone finds without addresses.
/// </summary>
public class RecordTargetTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    private static TestSite Site(string mx, string srv, string ns, string rules = "") => TestSite.Minimal()
        .File("elenta.yaml", $"site: mini\ncanonDomain: canon\n{rules}")
        .File("zones.yaml", $$"""
            domains:
              example.test:
                nameservers: [alpha, beta]
                records:
                  "@": { MX: ["{{mx}}", "20 mail"] }
                  _sip._tcp: { SRV: "{{srv}}" }
                  sub: { NS: [{{ns}}] }
                  mail: { A: 10.0.0.25 }
                  sip: { A: 10.0.0.26 }
                  ns1: { A: 10.0.0.27 }
            """);

    /// <summary>Builds the example.test zone and runs named-checkzone over it; returns what it printed.</summary>
    private static string NamedCheckZone(TestSite site)
    {
        var zone = DnsTestSites.Build(site.Compile(), Today)["dns/zones/example.test.zone"];
        var dir = Directory.CreateTempSubdirectory("elenta-zones-");
        try
        {
            var file = Path.Combine(dir.FullName, "example.test.zone");
            File.WriteAllText(file, zone);
            var result = NsdTools.NamedCheckZone("example.test", file);
            result.AssertOk("named-checkzone example.test\n" + zone);
            return result.Output;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void FullNamesWithoutTheFinalDotAreWhatNamedCheckzoneFindsWithoutAddressesAndCheckReportsThem()
    {
        const string mx = "10 mail.example.org", srv = "0 5 5060 sip.example.test", ns = "ns1.example.test";

        // With the rule off the zone is built as written: BIND reads each target relative to the zone.
        var output = NamedCheckZone(Site(mx, srv, ns, "analysis: { rules: { EL5004: off } }\n"));
        string[] relative = ["mail.example.org.example.test", "sip.example.test.example.test", "ns1.example.test.example.test"];
        foreach (var name in relative)
        {
            Assert.Contains($"'{name}' has no address records", output);
        }

        Assert.Equal(3, output.Split('\n').Count(l => l.Contains("has no address records", StringComparison.Ordinal)));

        // check reports the same three names, each at its value, and nothing for "20 mail".
        var reported = Site(mx, srv, ns).Compile().Diagnostics.Where(d => d.Code == "EL5004").ToList();
        Assert.Equal(new[] { "\"" + mx + "\"", "\"" + srv + "\"", ns }.Order(StringComparer.Ordinal), reported.Select(d => d.Location.Text()).Order(StringComparer.Ordinal));
        Assert.All(relative, name => Assert.Contains(reported, d => d.Message.Contains($"'{name}'", StringComparison.Ordinal)));
    }

    [Fact]
    public void WithTheFinalDotOrAsRealRelativeNamesTheTargetsHaveAddresses()
    {
        foreach (var (mx, srv, ns) in new[] { ("10 mail.example.test.", "0 5 5060 sip.example.test.", "ns1.example.test."), ("10 mail", "0 5 5060 sip", "ns1") })
        {
            var site = Site(mx, srv, ns);
            site.Compile().Diagnostics.None("EL5004");
            var output = NamedCheckZone(site);
            Assert.DoesNotContain("has no address", output);
        }
    }
}
