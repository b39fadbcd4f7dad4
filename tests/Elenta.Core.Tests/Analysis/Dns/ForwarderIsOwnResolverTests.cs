using Elenta.Core.Tests.Emit.Dns;

namespace Elenta.Core.Tests.Analysis.Dns;

/// <summary>EL5027: a forwarder that is one of the site's own resolver addresses makes Unbound forward to itself.</summary>
public class ForwarderIsOwnResolverTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    // Minimal: network lab hands out 10.0.0.2, alpha's address, so alpha runs Unbound on 10.0.0.2.
    private static TestSite WithForwarders(string forwarders, string rules = "") => TestSite.Minimal()
        .File("elenta.yaml", $"site: mini\ncanonDomain: canon\ndns: {{ servers: [alpha, beta], forwarders: [{forwarders}] }}\n{rules}")
        .File("zones.yaml", "domains: { example.test: {} }\n");

    [Fact]
    public void TheSitesOwnResolverAsAForwarderIsAnErrorAtTheForwarder()
    {
        var d = WithForwarders("9.9.9.9, 10.0.0.2").Compile().Diagnostics.Single("EL5027");
        Assert.Equal("10.0.0.2", d.Location.Text());
        Assert.Equal("elenta.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.Contains("network 'lab' hands it out as its resolver", d.Message);
        Assert.Contains("'alpha' runs Unbound on it", d.Message);
        Assert.Contains("upstream resolvers", d.Help);
        Assert.True(d.Names("networks.yaml", "10.0.0.2"), "related points at the network's dns entry");
        Assert.True(d.Names("hosts.yaml", "lab"), "related points at alpha's address");
    }

    [Fact]
    public void WithoutTheRuleTheBuiltResolverForwardsToItsOwnAddress()
    {
        // What the rule is about: the generated Unbound listens on 10.0.0.2 and forwards "." to 10.0.0.2.
        var conf = DnsTestSites.Build(WithForwarders("10.0.0.2", "analysis: { rules: { EL5027: off } }\n").Compile(), Today)["dns/unbound/alpha.unbound.conf"];
        Assert.Contains("\tinterface: 10.0.0.2\n", conf);
        Assert.Contains("\tforward-addr: 10.0.0.2\n", conf);
    }

    [Theory]
    [InlineData("9.9.9.9, 149.112.112.112")] // public resolvers
    [InlineData("10.0.0.1")]                 // the router: no machine of the site has it
    [InlineData("10.0.0.3")]                 // beta: a machine of the site, but no resolver address
    public void UpstreamResolversAreClean(string forwarders) => WithForwarders(forwarders).Compile().Diagnostics.None("EL5027");

    [Fact]
    public void AResolverAddressOfAnUnmanagedMachineIsNotElentasUnbound()
    {
        var site = WithForwarders("10.0.0.9").File("router.yaml", """
            cadaster:
              compute:
                router: { driver: none, canon: { lab: { ip: 10.0.0.9 } } }
            """).File("networks.yaml", """
            networks:
              lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2, 10.0.0.9], dhcp: { server: alpha, from: 10.0.0.100, to: 10.0.0.199 } }
            """);
        site.Compile().Diagnostics.None("EL5027");
    }

    [Fact]
    public void EmeraldCityForwardsUpstream() => DnsTestSites.EmeraldCity().Compile().Diagnostics.None("EL5027");
}
