using Elenta.Core.Emit.Firewall;
using Elenta.Core.Tests.Emit.Firewall;

namespace Elenta.Core.Tests.Analysis.Security;

/// <summary>EL8024: a dnat entry whose translated traffic the firewall's own forward chain drops.</summary>
public class DnatForwardTests
{
    /// <summary>
    /// The minimal site with alpha as a firewall between a WAN (192.168.1.2 on eth1) and the lab
    /// (10.0.0.2 on eth0), default deny, forwarding tcp/8000-8010 from the WAN to beta (10.0.0.3).
    /// </summary>
    private static TestSite Forwarded(string rules = "[]", string nat = "{ kind: dnat, in: wan, port: tcp/8000-8010, to: 10.0.0.3, toPort: 443 }", string zones = "{ internet: [wan], lab: [lab] }") =>
        TestSite.Minimal().File("firewall.yaml", $$"""
            networks:
              wan: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
              branch: { cidr: 10.9.0.0/24 }
            cadaster:
              compute:
                alpha:
                  interfaces: { eth1: { mac: "02:00:00:00:00:11" } }
                  canon: { wan: { ip: 192.168.1.2, interface: eth1 } }
              network:
                firewalls:
                  gw:
                    host: alpha
                    default: deny
                    zones: {{zones}}
                    rules: {{rules}}
                    nat: [ {{nat}} ]
            """);

    [Fact]
    public void APortForwardTheDefaultPolicyDropsIsAnErrorAtItsTarget()
    {
        var d = Forwarded().Compile().Diagnostics.Single("EL8024");
        Assert.True(d.IsError);
        Assert.Equal("10.0.0.3", SpanText.Of(d));
        Assert.Contains("dnat of firewall 'gw' sends tcp/8000-8010 arriving on 'wan' on to 10.0.0.3:443, but its forward chain drops the translated packet: the default policy (deny) of firewall 'gw' blocks tcp/443 from zone 'internet' ('wan') to zone 'lab' (10.0.0.3, on 'lab')", d.Message);
        Assert.Contains("allow tcp/443 from 'internet' to 'lab' in firewall 'gw'", d.Help);
        Assert.Equal(["deny"], SpanText.Related(d));
    }

    [Theory]
    [InlineData("[ { from: internet, to: lab, allow: [tcp/443] } ]")]
    [InlineData("[ { from: \"*\", to: lab, allow: [tcp/443] } ]")] // the internet's sources too
    [InlineData("[ { from: \"*\", to: \"*\", allow: [tcp/400-500] } ]")]
    [InlineData("[ { from: branch, to: lab, allow: [tcp/443] } ]")] // gw has no address on 'branch': its traffic may come in through the WAN
    public void APortForwardARuleLetsThroughIsClean(string rules) =>
        Forwarded(rules, zones: "{ internet: [wan], lab: [lab], branch: [branch] }").Compile().Diagnostics.None("EL8024");

    [Fact]
    public void TheForwardChainSeesTheTranslatedPortNotTheOriginal()
    {
        var d = Forwarded("[ { from: internet, to: lab, allow: [tcp/8000-8010] } ]").Compile().Diagnostics.Single("EL8024");
        Assert.Contains("blocks tcp/443", d.Message);
    }

    [Fact]
    public void ARuleThatDeniesIsNamedAtItsPort()
    {
        var d = Forwarded("[ { from: internet, to: lab, deny: [tcp/443] }, { from: lab, to: \"*\", allow: [tcp/443] } ]").Compile().Diagnostics.Single("EL8024");
        Assert.Contains("rule 1 of firewall 'gw' (internet -> lab) blocks tcp/443 from zone 'internet'", d.Message);
        Assert.Equal(["tcp/443"], SpanText.Related(d));
    }

    [Fact]
    public void AForwardThatOnlyTheInternetGetsThroughIsNotReported()
    {
        // The WAN's own machines are denied, but addresses outside every zone (behind the WAN's
        // gateway) match the * rule: the port forward works for them.
        Forwarded("[ { from: internet, to: lab, deny: [tcp/443] }, { from: \"*\", to: lab, allow: [tcp/443] } ]").Compile().Diagnostics.None("EL8024");
    }

    [Fact]
    public void WithoutToPortEachPortOfTheRangeIsForwardedAsItIsAndTheFirstDroppedOneIsNamed()
    {
        var d = Forwarded("[ { from: internet, to: lab, allow: [tcp/8000-8005] } ]", nat: "{ kind: dnat, in: wan, port: tcp/8000-8010, to: 10.0.0.3 }")
            .Compile().Diagnostics.Single("EL8024");
        Assert.Contains("on to 10.0.0.3, but", d.Message);
        Assert.Contains("blocks tcp/8006", d.Message);
        Forwarded("[ { from: internet, to: lab, allow: [tcp/8000-8010] } ]", nat: "{ kind: dnat, in: wan, port: tcp/8000-8010, to: 10.0.0.3 }")
            .Compile().Diagnostics.None("EL8024");
    }

    [Fact]
    public void SourcesOnTheFirewallsOtherNetworksDoNotArriveThroughIn()
    {
        // The lab reaches gw on the lab's own interface: a lab -> lab rule does not let the WAN's traffic through.
        Forwarded("[ { from: lab, to: lab, allow: [tcp/443] } ]").Compile().Diagnostics.Single("EL8024");
    }

    [Fact]
    public void ADnatToTheFirewallItselfGoesToItsInputChainAndIsNotChecked() =>
        Forwarded(nat: "{ kind: dnat, in: wan, port: tcp/8000, to: 10.0.0.2, toPort: 22 }").Compile().Diagnostics.None("EL8024");

    [Fact]
    public void ATargetAndAnInNetworkInNoZoneAreMatchedOnlyByStarRules()
    {
        var d = Forwarded("[ { from: lab, to: lab, allow: [tcp/443] } ]", zones: "{ lab: [lab] }").Compile().Diagnostics.Single("EL8024");
        Assert.Contains("from 'wan' (in no zone of the firewall) to zone 'lab'", d.Message);
        Assert.Contains("allow tcp/443 from '*' to 'lab'", d.Help);
        Forwarded("[ { from: \"*\", to: lab, allow: [tcp/443] } ]", zones: "{ lab: [lab] }").Compile().Diagnostics.None("EL8024");
    }

    /// <summary>
    /// The analysis agrees with the kernel: alpha's ruleset loaded in a namespace between a WAN
    /// client and beta, a connection to the forwarded port reaches beta's 443 exactly when EL8024
    /// is not reported.
    /// </summary>
    [Theory]
    [InlineData("[]", false)]
    [InlineData("[ { from: internet, to: lab, allow: [tcp/8000-8010] } ]", false)]
    [InlineData("[ { from: internet, to: lab, allow: [tcp/443] } ]", true)]
    public void AForwardedConnectionGetsThroughExactlyWhenNotReported(string rules, bool through)
    {
        if (!NetnsLab.Available)
        {
            return; // network namespaces need root
        }

        var compilation = Forwarded(rules).Compile();
        Assert.Equal(!through, compilation.Diagnostics.Any(d => d.Code == "EL8024"));
        var artifacts = EmitterRuns.Run(new FirewallEmitter(), compilation).Artifacts;

        using var lab = new NetnsLab();
        foreach (var machine in new[] { "alpha", "beta", "client" })
        {
            lab.Add(machine);
        }

        lab.Cable("client", "eth0", ["192.168.1.50/24"], "alpha", "eth1", ["192.168.1.2/24"]);
        lab.Cable("beta", "eth0", ["10.0.0.3/24"], "alpha", "eth0", ["10.0.0.2/24"]);
        lab.Route("beta", "10.0.0.2");
        lab.Forwarding("alpha");
        lab.LoadRuleset("alpha", artifacts.Text(FirewallEmitter.OutputPath("alpha")));
        lab.Listen("beta", ["tcp:443"]);

        var verdict = lab.Probe("client", ["tcp:192.168.1.2:8003"])["tcp:192.168.1.2:8003"];
        Assert.Equal(through ? "open" : "dropped", verdict);
    }
}
