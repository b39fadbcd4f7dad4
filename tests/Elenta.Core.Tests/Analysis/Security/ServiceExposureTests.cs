
namespace Elenta.Core.Tests.Analysis.Security;

public class ServiceExposureTests
{
    private static TestSite Aliased(string serviceInterface) => TestSite.Minimal()
        .File("alias.yaml", $$"""
            cadaster: { compute: { beta: { interfaces: { eth0_dns: { alias: eth0 } }, canon: { dns: { network: lab, ip: 10.0.0.53, interface: eth0_dns } } } } }
            roles: { dns: { services: { dns: { port: udp/53, interface: {{serviceInterface}} } } } }
            constellations: { c: { machines: { beta: { hostConfig: { ns: { role: dns } } } } } }
            """);

    [Fact]
    public void APortOpenedOnAnAliasIsReported()
    {
        var d = Aliased("eth0_dns").Compile().Diagnostics.Single("EL8004");
        Assert.Equal("eth0_dns", SpanText.Of(d));
        Assert.Contains("arrives on 'eth0'", d.Message);
        Assert.Equal(["eth0_dns", "ns", "eth0"], SpanText.Related(d));
    }

    [Fact]
    public void APortOpenedOnTheParentIsClean() => Aliased("eth0").Compile().Diagnostics.Clean();

    private static TestSite Firewalled(string rules) => TestSite.Minimal()
        .File("fw.yaml", $$"""
            networks: { home: { cidr: 192.168.1.0/24 } }
            cadaster:
              compute:
                beta: { canon: { home: { ip: 192.168.1.1 } } }
              network:
                firewalls:
                  fw: { host: beta, default: deny, zones: { inside: [lab], outside: [home] }, rules: {{rules}} }
            roles: { web: { services: { http: { clients: [lab, home] } } } }
            """);

    [Fact]
    public void AClientNetworkTheFirewallDeniesIsReported()
    {
        var d = Firewalled("[ { from: outside, to: inside, allow: [tcp/22] } ]").Compile().Diagnostics.Single("EL8005");
        Assert.Equal("home", SpanText.Of(d));
        Assert.Contains("default policy (deny)", d.Message);
        Assert.Contains("tcp/80", d.Message);
        Assert.Equal(["deny", "www"], SpanText.Related(d));
    }

    [Fact]
    public void AnExplicitDenyIsNamed()
    {
        var d = Firewalled("[ { from: '*', to: inside, deny: [tcp/80] }, { from: outside, to: inside, allow: [tcp/80] } ]").Compile().Diagnostics.Single("EL8005");
        Assert.Contains("rule 1", d.Message);
        Assert.Equal("tcp/80", SpanText.Related(d)[0]);
    }

    [Fact]
    public void AnAllowingRuleLetsTheClientsIn() =>
        Firewalled("[ { from: outside, to: inside, allow: [tcp/22, tcp/80] } ]").Compile().Diagnostics.Clean();

    [Fact]
    public void ARuleWhosePortsEarlierRulesDecideIsShadowed()
    {
        var d = Firewalled("[ { from: outside, to: inside, allow: [tcp/1-1000] }, { from: '*', to: inside, allow: [tcp/1001-2000] }, { from: outside, to: inside, deny: [tcp/22, tcp/999-1500] } ]")
            .Compile().Diagnostics.Single("EL8006");
        Assert.Equal("tcp/22", SpanText.Of(d));
        Assert.Contains("rule 3", d.Message);
        Assert.Equal(["tcp/1-1000", "tcp/1001-2000"], SpanText.Related(d));
    }

    [Fact]
    public void ARuleWithAPortOfItsOwnIsNotShadowed() =>
        Firewalled("[ { from: outside, to: inside, allow: [tcp/1-1000] }, { from: outside, to: inside, deny: [tcp/22, tcp/2222] } ]")
            .Compile().Diagnostics.None("EL8006");
}
