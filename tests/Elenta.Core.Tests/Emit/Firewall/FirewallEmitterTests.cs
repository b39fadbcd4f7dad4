using Elenta.Core.Emit;
using Elenta.Core.Emit.Firewall;

namespace Elenta.Core.Tests.Emit.Firewall;

public class FirewallEmitterTests
{
    private static IReadOnlyList<Artifact> EmeraldCity() => EmitterRuns.RunClean(new FirewallEmitter(), ExampleSites.SharedEmitContext("emerald-city"));

    [Fact]
    public void EveryManagedMachineGetsItsRulesetAtOnePathLoadedByNft()
    {
        var artifacts = EmeraldCity();
        // hedges (driver: none) is not managed; the container dashy has an address of its own.
        Assert.Equal(
            ["archimedes", "barge", "btg", "daktylos", "dashy", "db-a", "dev", "dragon-of-perdition", "ifrit", "nancy", "pinky", "randy", "toto"],
            artifacts.Select(a => a.Path["firewall/".Length..^".nft".Length]).Order(StringComparer.Ordinal));
        foreach (var a in artifacts)
        {
            Assert.Equal(FirewallEmitter.FamilyName, a.Family);
            Assert.Equal("/etc/nftables.d/elenta.nft", a.Delivery!.Target);
            Assert.Equal([a.Path["firewall/".Length..^".nft".Length]], a.Delivery.Machines);
            Assert.Equal(["nft -f /etc/nftables.d/elenta.nft"], a.Delivery.After);
        }
    }

    [Fact]
    public void SameSiteSameBytes()
    {
        var first = EmeraldCity();
        var second = EmitterRuns.RunClean(new FirewallEmitter(), ExampleSites.EmitContext("emerald-city"));
        Assert.Equal(first.Select(a => (a.Path, a.Sha256)), second.Select(a => (a.Path, a.Sha256)));
    }

    [Fact]
    public void TheFileReplacesOnlyElentasTable()
    {
        var text = EmeraldCity().Text("firewall/toto.nft");
        var lines = text.Split('\n');
        Assert.Contains("table inet elenta", lines);
        Assert.Contains("delete table inet elenta", lines);
        Assert.True(Array.IndexOf(lines, "table inet elenta") < Array.IndexOf(lines, "delete table inet elenta"), "the table is made before it is deleted, so the delete never fails");
        Assert.DoesNotContain("flush ruleset", text);
    }

    [Fact]
    public void AMachineOpensItsServicesToTheirClientsOnItsOwnAddressesAndNothingElse()
    {
        var toto = EmeraldCity().Text("firewall/toto.nft");
        Assert.Contains("ip saddr { 10.255.0.0/16, 192.168.1.0/24 } ip daddr { 10.255.0.10, 10.255.0.53 } udp dport 53 counter accept comment \"dns-udp udp/53 of role dns-server for condorcet, kansas (roles/core.yaml:6)\"", toto);
        Assert.Contains("ip saddr 10.255.0.0/16 ip daddr { 10.255.0.10, 10.255.0.53 } udp dport 69 counter accept", toto);
        Assert.Contains("ip saddr { 10.255.0.0/16, 192.168.1.0/24 } tcp dport 22 counter accept comment \"ssh from firewall.management (elenta.yaml:", toto);
        // Node exporter and NSD's metrics: for the networks of the Prometheus machine (daktylos, on condorcet).
        Assert.Contains("ip saddr 10.255.0.0/16 ip daddr { 10.255.0.10, 10.255.0.53 } tcp dport 9100 counter accept comment \"metrics node tcp/9100 of role node-exporter for prometheus's networks (roles/", toto);
        Assert.EndsWith("counter drop comment \"input: everything else\"\n\t}\n}\n", toto);
        Assert.Contains("type filter hook input priority filter; policy drop;", toto);

        // barge's *arr apps have no clients: closed, and the file says why.
        var barge = EmeraldCity().Text("firewall/barge.nft");
        Assert.Contains("# closed: jellyfin tcp/8096 of role media-server (roles/services.yaml:", barge);
        Assert.DoesNotContain("dport 8096", barge);
        Assert.Contains("ip saddr { 10.255.0.0/16, 192.168.1.0/24 } ip daddr 10.255.1.10 tcp dport 80 counter accept", barge);
    }

    [Fact]
    public void TheFirewallHostGetsItsZonesRulesInOrderDefaultAndNat()
    {
        var ifrit = EmeraldCity().Text("firewall/ifrit.nft");
        Assert.Contains("elements = { 192.168.1.0/24 }", ifrit);
        Assert.Contains("type filter hook forward priority filter; policy drop;", ifrit);
        var rule1 = ifrit.IndexOf("ip saddr @zone_home_v4 ip daddr @zone_lab_v4 tcp dport { 22, 53, 80, 443 } counter accept comment \"rule 1: home -> lab (cadaster/network.yaml:", StringComparison.Ordinal);
        var rule2 = ifrit.IndexOf("ip saddr @zone_lab_v4 ip daddr @zone_home_v4 udp dport 53 counter accept comment \"rule 2: lab -> home", StringComparison.Ordinal);
        var established = ifrit.IndexOf("ct state established,related accept", ifrit.IndexOf("chain forward", StringComparison.Ordinal), StringComparison.Ordinal);
        var fallback = ifrit.IndexOf("counter drop comment \"default: deny (cadaster/network.yaml:", StringComparison.Ordinal);
        Assert.True(established > 0 && established < rule1 && rule1 < rule2 && rule2 < fallback, ifrit);
        Assert.Contains("ip saddr @zone_lab_v4 oifname \"enp1s0\" counter masquerade comment \"masquerade (cadaster/network.yaml:", ifrit);
        // ifrit hands out DHCP on both networks and is KANSAS's resolver: its own input chain opens them.
        Assert.Contains("iifname \"enp1s0\" udp dport 67 counter accept", ifrit);
        Assert.Contains("ip saddr 192.168.1.0/24 ip daddr 192.168.1.1 udp dport 53 counter accept comment \"resolver of network kansas", ifrit);
    }

    private static TestSite Natted(string nat) => FirewallLiveTests.Site().File("nat.yaml", $$"""
        cadaster: { network: { firewalls: { gw: { nat: {{nat}} } } } }
        """);

    [Fact]
    public void SnatAndDnatAreWrittenForTheInterfacesOfTheirNetworks()
    {
        var (artifacts, _) = EmitterRuns.Run(new FirewallEmitter(), Natted("""
            [ { kind: snat, from: guests, out: office, to: 10.1.0.1 },
              { kind: dnat, in: office, port: tcp/8443, to: 10.3.0.10, toPort: 443, description: the web's TLS from the office } ]
            """).Compile());
        var gw = artifacts.Text("firewall/gw.nft");
        Assert.Contains("type nat hook prerouting priority dstnat; policy accept;", gw);
        Assert.Contains("iifname \"office0\" ip daddr 10.1.0.1 tcp dport 8443 counter dnat ip to 10.3.0.10:443 comment \"dnat (nat.yaml:", gw);
        Assert.Contains("ip saddr @zone_guests_v4 oifname \"office0\" counter snat ip to 10.1.0.1 comment \"snat (nat.yaml:", gw);
    }

    [Fact]
    public void WithoutAFirewallSectionEveryMachineStillGetsAnInputChainWithSshFromAnySource()
    {
        var site = FirewallLiveTests.Site().File("elenta.yaml", "site: live\ncanonDomain: canon\nanalysis: { rules: { EL8005: warning } }\n");
        var (artifacts, _) = EmitterRuns.Run(new FirewallEmitter(), site.Compile());
        Assert.Equal(["firewall/gw.nft", "firewall/web.nft"], artifacts.Select(a => a.Path).Order(StringComparer.Ordinal));
        var gw = artifacts.Text("firewall/gw.nft");
        Assert.Contains("chain input", gw);
        Assert.Contains("chain forward", gw);
        var web = artifacts.Text("firewall/web.nft");
        Assert.Contains("type filter hook input priority filter; policy drop;", web);
        Assert.DoesNotContain("chain forward", web);
        // Nobody said where SSH comes from: open to any source, never locked out.
        Assert.Contains("\t\ttcp dport 22 counter accept comment \"ssh from any source: the site sets no firewall.management\"\n", web);
    }

    [Fact]
    public void AFirewallSectionWithoutManagementClosesSshAndSaysSo()
    {
        var site = FirewallLiveTests.Site().File("elenta.yaml", "site: live\ncanonDomain: canon\nfirewall: { management: [] }\nanalysis: { rules: { EL8005: warning } }\n");
        var compilation = site.Compile();
        Assert.Contains(compilation.Diagnostics, d => d.Code == "EL8023");
        var web = EmitterRuns.Run(new FirewallEmitter(), compilation).Artifacts.Text("firewall/web.nft");
        Assert.DoesNotContain("dport 22 ", web);
        Assert.Contains("# closed: ssh tcp/22 (elenta.yaml:3): firewall.management names no source (EL8023)", web);
    }

    [Fact]
    public void ASiteWithoutFirewallsGivesEveryManagedMachineAnInputChainAndNoForwardChain()
    {
        var artifacts = EmitterRuns.Run(new FirewallEmitter(), TestSite.Minimal()).Artifacts;
        Assert.NotEmpty(artifacts);
        Assert.All(artifacts, a =>
        {
            Assert.Contains("chain input", a.Text());
            Assert.DoesNotContain("chain forward", a.Text());
        });
    }

    [Fact]
    public void CommentsStayWithinWhatNftTakes()
    {
        Assert.Equal(" comment \"it's\"", NftText.Comment("it\"s"));
        var longOne = NftText.Comment(new string('x', 300) + "é");
        Assert.Equal(NftText.MaxComment + " comment \"\"".Length, longOne.Length);
        Assert.DoesNotContain("é", NftText.Comment("café"));
        // A comment of exactly the limit is kept whole; one character more, and its end becomes "...".
        Assert.Equal(" comment \"" + new string('y', NftText.MaxComment) + "\"", NftText.Comment(new string('y', NftText.MaxComment)));
        Assert.Equal(" comment \"" + new string('y', NftText.MaxComment - 3) + "...\"", NftText.Comment(new string('y', NftText.MaxComment + 1)));
    }

    [Fact]
    public void OnePortIsWrittenAsPortsWritesItAlone()
    {
        foreach (var text in new[] { "tcp/22", "udp/8000-8010" })
        {
            Assert.True(Model.Values.PortSpec.TryParse(text, out var port));
            var appended = new System.Text.StringBuilder();
            NftText.AppendPort(appended, port);
            Assert.Equal(NftText.Ports([port]), appended.ToString());
        }
    }

    [Fact]
    public void NestedNetworksAndTouchingPortsAreMergedSoNftNeverSeesOverlaps()
    {
        var networks = new[] { "10.0.0.0/8", "10.1.0.0/16", "192.168.1.5/32", "192.168.1.0/24" }
            .Select(t => { Assert.True(Model.Values.IpNetwork.TryParse(t, out var n, out _)); return n; });
        Assert.Equal(["10.0.0.0/8", "192.168.1.0/24"], NftText.Normalize(networks).Select(NftText.Cidr));
        var ports = new[] { "tcp/80", "tcp/81-90", "tcp/85", "tcp/443" }.Select(t => { Assert.True(Model.Values.PortSpec.TryParse(t, out var p)); return p; });
        Assert.Equal("{ 80-90, 443 }", NftText.Ports(ports));
    }
}
