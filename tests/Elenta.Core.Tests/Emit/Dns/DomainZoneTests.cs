
namespace Elenta.Core.Tests.Emit.Dns;

public class DomainZoneTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    private static string Zone(TestSite site, string origin) => DnsTestSites.Build(site.Compile(), Today)[$"dns/zones/{origin}.zone"];

    [Fact]
    public void BareNameGetsTheAddressOfTheMachineServingTheRedirectTarget()
    {
        var site = DnsTestSites.EmeraldCity().File("domains.yaml", "domains:\n  emerald.city: { nameservers: [toto] }\n");
        var zone = Zone(site, "emerald.city");
        Assert.Contains("\n@            IN A 10.255.1.40\n", zone); // dashy serves the www proxy
        Assert.Contains("\nwww          IN CNAME dashy.canon.\n", zone);
    }

    [Fact]
    public void ExplicitRecordsWinOverGeneratedOnes()
    {
        var site = DnsTestSites.EmeraldCity().File("domains.yaml", """
            domains:
              emerald.city:
                nameservers: [toto]
                records:
                  "@": { A: 10.255.0.53 }
                  jellyfin: { A: 10.255.9.9 }
            """);
        // Not a clash (EL5001): the hand-written record wins, and the build goes through.
        var compilation = site.Compile();
        Assert.DoesNotContain(compilation.Diagnostics, d => d.Code == "EL5001");
        var zone = DnsTestSites.Build(compilation, Today)["dns/zones/emerald.city.zone"];
        Assert.DoesNotContain("jellyfin     IN CNAME", zone);
        Assert.Contains("\njellyfin     IN A 10.255.9.9\n", zone);
        Assert.DoesNotContain("10.255.1.40", zone);
    }

    [Fact]
    public void TextIsQuotedAndRecordsKeepTheirTtl()
    {
        var site = DnsTestSites.Rfc2317().File("domains.yaml", """
            domains:
              example.test:
                nameservers: [alpha]
                records:
                  note: { TXT: 'say "hi"', ttl: 60 }
            """);
        var line = Assert.Single(Zone(site, "example.test").Split('\n'), l => l.StartsWith("note ", StringComparison.Ordinal));
        Assert.EndsWith(" 60 IN TXT \"say \\\"hi\\\"\"", line);
    }

    [Fact]
    public void ZoneWithoutNameServerIsNotBuiltAndCheckSaysSo()
    {
        var compilation = TestSite.Minimal().File("domains.yaml", "domains:\n  example.test: {}\n").Compile();
        var context = Elenta.Core.Emit.EmitContext.ForTests(compilation.Resolved!, Today);
        var result = Elenta.Core.Emit.BuildPipeline.Build(compilation, _ => context, new Elenta.Core.Emit.BuildOptions { Only = ["dns"] });
        Assert.DoesNotContain(result.Diagnostics, d => d.Code.StartsWith("EL91", StringComparison.Ordinal));
        Assert.Equal(2, compilation.Diagnostics.Count(d => d.Code == "EL5008"));
        Assert.DoesNotContain(result.Artifacts, a => a.Path.EndsWith(".zone", StringComparison.Ordinal));
    }

    [Fact]
    public void ClasslessZoneIsDelegatedInsideTheParentWhenTheSiteServesIt()
    {
        var site = DnsTestSites.Rfc2317().File("networks.yaml", DnsTestSites.Rfc2317Networks + "\n  parent: { cidr: 198.51.100.0/24 }\n");
        // The parent network overlaps the /26 (the analysis reports that), so this runs the emitter itself.
        var build = EmitterRuns.Run(new Elenta.Core.Emit.Dns.DnsEmitter(), Elenta.Core.Emit.EmitContext.ForTests(site.Compile(analyze: false).Resolved!, Today)).Artifacts
            .ToDictionary(a => a.Path, a => System.Text.Encoding.UTF8.GetString(a.Content));
        var parent = build["dns/zones/100.51.198.in-addr.arpa.zone"];
        Assert.Contains("\n64-127 IN NS alpha.canon.\n", parent);
        Assert.Contains("\n71     IN CNAME 71.64-127.100.51.198.in-addr.arpa.\n", parent);
        Assert.DoesNotContain("PTR", parent);
        Assert.DoesNotContain(build.Keys, k => k.EndsWith(".rfc2317-delegation", StringComparison.Ordinal));
        Assert.Contains("\n71 IN PTR beta.canon.\n", build["dns/zones/64-127.100.51.198.in-addr.arpa.zone"]);
        var dir = Directory.CreateTempSubdirectory("elenta-zones-");
        try
        {
            var file = Path.Combine(dir.FullName, "parent.zone");
            File.WriteAllText(file, parent);
            NsdTools.CheckZone("100.51.198.in-addr.arpa", file).AssertOk("nsd-checkzone");
            NsdTools.NamedCheckZone("100.51.198.in-addr.arpa", file).AssertOk("named-checkzone");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ClasslessZoneWithoutParentGetsADelegationSnippet()
    {
        var build = DnsTestSites.Build(DnsTestSites.Rfc2317().Compile(), Today);
        var snippet = build["dns/zones/100.51.198.in-addr.arpa.rfc2317-delegation"];
        Assert.Equal(64, snippet.Split('\n').Count(l => l.Contains(" IN CNAME ", StringComparison.Ordinal)));
        Assert.Contains("64-127 IN NS alpha.canon.", snippet);
    }
}
