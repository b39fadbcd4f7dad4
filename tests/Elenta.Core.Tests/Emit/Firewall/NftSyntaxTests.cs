using Elenta.Core.Emit.Firewall;

namespace Elenta.Core.Tests.Emit.Firewall;

/// <summary>Every generated ruleset passes nft's own check (<c>nft -c -f</c>), inside a namespace this test makes.</summary>
public class NftSyntaxTests
{
    [Fact]
    public void EveryRulesetOfEmeraldCityPassesNftCheck()
    {
        var artifacts = EmitterRuns.RunClean(new FirewallEmitter(), ExampleSites.SharedEmitContext("emerald-city"));
        CheckAll(artifacts);
    }

    [Fact]
    public void NatAndIpv6RulesetsPassNftCheck()
    {
        var site = FirewallLiveTests.Site()
            .File("v6.yaml", """
                networks: { office6: { cidr: "fd00:1::/64" } }
                cadaster:
                  compute:
                    gw: { interfaces: { office6: { mac: "02:00:00:00:01:04" } }, canon: { office6: { ip: "fd00:1::1", interface: office6 } } }
                  network:
                    firewalls:
                      gw:
                        zones: { office: [office6] }
                        rules: [ { from: "*", to: servers, deny: [udp/1-1024] }, { from: office, to: "*", allow: [udp/123] }, { from: "*", to: "*", allow: [tcp/443] }, { from: office, to: servers, allow: [tcp/8000-8010] } ]
                        nat:
                          - { kind: masquerade, from: guests, out: office }
                          - { kind: snat, from: office, out: servers, to: 10.3.0.1 }
                          - { kind: dnat, in: office, port: tcp/8000-8010, to: 10.3.0.10 }
                          - { kind: dnat, in: office6, port: tcp/8443, to: "fd00:1::10", toPort: 443 }
                roles: { web: { services: { http: { clients: [office6] } } } }
                """);
        var compilation = site.Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var artifacts = EmitterRuns.Run(new FirewallEmitter(), compilation).Artifacts;
        Assert.Contains("ip6 saddr @zone_office_v6", artifacts.Text("firewall/gw.nft"));
        Assert.Contains("dnat ip6 to [fd00:1::10]:443", artifacts.Text("firewall/gw.nft"));
        CheckAll(artifacts);
    }

    private static void CheckAll(IReadOnlyList<Core.Emit.Artifact> artifacts)
    {
        if (!NetnsLab.Available)
        {
            return; // nft needs a network namespace of its own, which needs root
        }

        using var lab = new NetnsLab();
        lab.Add("check");
        var dir = Directory.CreateTempSubdirectory("elenta-nft-").FullName;
        try
        {
            foreach (var artifact in artifacts)
            {
                var file = Path.Combine(dir, Path.GetFileName(artifact.Path));
                File.WriteAllBytes(file, artifact.Content);
                lab.Exec("check", "nft", "-c", "-f", file).AssertOk($"nft -c -f {artifact.Path}:\n{artifact.Text()}\n");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
