using Elenta.Core.Tests.Emit.Firewall;

namespace Elenta.Core.Tests.Analysis.Security;

/// <summary>What the firewall emitter needs from the site: EL8020 to EL8023.</summary>
public class FirewallCompileTests
{
    [Fact]
    public void TwoFirewallsOnOneHostAreAnError()
    {
        var d = FirewallLiveTests.Site().File("second.yaml", """
            cadaster: { network: { firewalls: { gw2: { host: gw, zones: { a: [office] } } } } }
            """).Compile().Diagnostics.Single("EL8020");
        Assert.Equal("gw", SpanText.Of(d));
        Assert.Contains("firewalls 'gw' and 'gw2' both filter on host 'gw'", d.Message);
        Assert.Equal(["gw"], SpanText.Related(d));
    }

    [Fact]
    public void AManagementEntryThatIsNeitherNetworkNorAddressIsAnError()
    {
        var d = FirewallLiveTests.Site().File("elenta.yaml", "site: live\nanalysis: { rules: { EL8005: warning } }\nfirewall: { management: [office, 10.9.0.7, 10.8.0.0/16, ofice] }\n")
            .Compile().Diagnostics.Single("EL8021");
        Assert.Equal("ofice", SpanText.Of(d));
        Assert.Contains("did you mean the network 'office'", d.Help);
    }

    // firewall.management is free text, so it is not EL2004's; read as inet_aton reads it, 010.9.0.0/16
    // opened SSH to 8.9.0.0/16 and 10.1 to 10.0.0.1.
    [Theory]
    [InlineData("010.9.0.0/16")]
    [InlineData("10.9.0.0/016")]
    [InlineData("0x0a.9.0.7")]
    [InlineData("10.1")]
    public void AManagementAddressThatIsNotDottedDecimalIsAnError(string entry)
    {
        var d = FirewallLiveTests.Site().File("elenta.yaml", $"site: live\nanalysis: {{ rules: {{ EL8005: warning }} }}\nfirewall: {{ management: [office, \"{entry}\"] }}\n")
            .Compile().Diagnostics.Single("EL8021");
        Assert.Equal(entry, SpanText.Of(d).Trim('"'));
    }

    [Fact]
    public void AnEmptyManagementListWarnsThatSshIsClosedEverywhere()
    {
        var d = FirewallLiveTests.Site().File("elenta.yaml", "site: live\nanalysis: { rules: { EL8005: warning } }\nfirewall: { management: [] }\n")
            .Compile().Diagnostics.Single("EL8023");
        Assert.Equal(Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Contains("drop SSH", d.Message);
    }

    [Theory]
    [InlineData("{ kind: masquerade, out: office }", "masquerade", "has no 'from'")]
    [InlineData("{ kind: masquerade, from: nowhere, out: office }", "nowhere", "zone 'nowhere'")]
    [InlineData("{ kind: masquerade, from: guests, out: ofice }", "ofice", "did you mean 'office'")]
    [InlineData("{ kind: snat, from: guests, out: office }", "snat", "has no 'to'")]
    [InlineData("{ kind: dnat, in: office, to: 10.3.0.10 }", "dnat", "has no 'port'")]
    [InlineData("{ kind: dnat, in: lonely, port: tcp/80, to: 10.3.0.10 }", "lonely", "needs the interface of 'gw' on network 'lonely'")]
    [InlineData("{ kind: dnat, in: office, port: tcp/443, to: \"fd00::10\" }", "\"fd00::10\"", "NAT keeps a packet's family")] // no address of gw's to match: every packet of the port
    [InlineData("{ kind: snat, from: guests, out: office, to: \"fd00::5\" }", "\"fd00::5\"", "translate to an IPv4 address")] // written nowhere
    public void ANatEntryThatCannotBeCompiledIsAnError(string nat, string at, string says)
    {
        var d = FirewallLiveTests.Site().File("nat.yaml", $$"""
            networks: { lonely: { cidr: 10.9.0.0/24 } }
            cadaster: { network: { firewalls: { gw: { nat: [ {{nat}} ] } } } }
            """).Compile().Diagnostics.Single("EL8022");
        Assert.Equal(at, SpanText.Of(d));
        Assert.Contains(says, d.Message + " " + d.Help);
    }

    [Fact]
    public void ACompleteNatListIsClean() =>
        FirewallLiveTests.Site().File("nat.yaml", """
            cadaster: { network: { firewalls: { gw: { nat: [ { kind: masquerade, from: guests, out: office }, { kind: dnat, in: office, port: tcp/8443, to: 10.3.0.10, toPort: 443 } ] } } } }
            """).Compile().Diagnostics.None("EL8022");
}
