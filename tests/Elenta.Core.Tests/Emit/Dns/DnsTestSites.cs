using System.Text;
using Elenta.Core.Emit;

namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>Sites and a build helper shared by the DNS emitter tests.</summary>
public static class DnsTestSites
{
    /// <summary>examples/emerald-city with its narya overlay, loaded into memory.</summary>
    public static TestSite EmeraldCity()
    {
        var site = TestSite.Create();
        var root = ExampleSites.Directory("emerald-city");
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            site.File(Path.GetRelativePath(root, file).Replace('\\', '/'), File.ReadAllText(file));
        }

        var narya = ExampleSites.Directory("narya");
        foreach (var file in Directory.EnumerateFiles(narya, "*", SearchOption.AllDirectories))
        {
            site.Outside("/narya/" + Path.GetRelativePath(narya, file).Replace('\\', '/'), File.ReadAllText(file));
        }

        return site;
    }

    public const string Rfc2317Networks = """
        networks:
          lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2], dhcp: { server: alpha, from: 10.0.0.100, to: 10.0.0.199 } }
          dmz: { cidr: 198.51.100.64/26, gateway: 198.51.100.65 }
          six: { cidr: "2001:db8:1::/64" }
        """;

    /// <summary>The minimal site plus a /26 (an RFC 2317 zone), an IPv6 /64 and a domain with hand-written records.</summary>
    public static TestSite Rfc2317() => TestSite.Minimal()
        .File("elenta.yaml", "site: mini\ncanonDomain: canon\ndns: { servers: [alpha] }\n")
        .File("networks.yaml", Rfc2317Networks)
        .File("hosts.yaml", """
            cadaster:
              compute:
                alpha:
                  hardware: { cpus: 8, memory: 32GiB, disk: 1TB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:01", bridge: br-lab } }
                  canon:
                    lab: { ip: 10.0.0.2, interface: eth0, primary: true }
                    dmz: { ip: 198.51.100.70, interface: eth0 }
                    six: { ip: "2001:db8:1::2", interface: eth0 }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u" }
                beta:
                  hardware: { cpus: 4, memory: 8GiB, disk: 500GB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:02" } }
                  canon: { dmz: { ip: 198.51.100.71, interface: eth0 } }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ" }
            """)
        .File("domains.yaml", """
            domains:
              example.test:
                nameservers: [alpha]
                records:
                  "@": { MX: "10 mail", TXT: "v=spf1 mx -all" }
                  mail: { A: 10.0.0.25 }
                  sip: { A: 10.0.0.26 }
                  _sip._udp: { SRV: "0 5 5060 sip" }
                  legacy: { CNAME: www.example.org. }
            """);

    /// <summary>Builds only the DNS family; returns the artifacts by path, as text.</summary>
    public static Dictionary<string, string> Build(Compilation compilation, DateOnly today, IReadOnlyDictionary<string, string>? previous = null, uint? serial = null, Func<string, uint?>? live = null)
    {
        Assert.True(compilation.Resolved is not null, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var context = new EmitContext(compilation.Resolved!, today,
            path => previous is not null && previous.TryGetValue(path, out var text) ? Encoding.UTF8.GetBytes(text) : null,
            live ?? (_ => null), serial, "/site");
        var result = BuildPipeline.Build(compilation, _ => context, new BuildOptions { Only = ["dns"] });
        Assert.False(result.HasErrors, DiagnosticAssertions.Describe(result.Diagnostics));
        return result.Artifacts.Where(a => a.Family == "dns").ToDictionary(a => a.Path, a => Encoding.UTF8.GetString(a.Content));
    }

    public static IEnumerable<(string Origin, string Text)> Zones(Dictionary<string, string> artifacts) =>
        artifacts.Where(a => a.Key.StartsWith("dns/zones/", StringComparison.Ordinal) && a.Key.EndsWith(".zone", StringComparison.Ordinal))
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (a.Key["dns/zones/".Length..^".zone".Length], a.Value));

    public static uint Serial(string zoneText) => Elenta.Core.Emit.Dns.ZoneWriter.ReadSerial(zoneText) ?? throw new InvalidOperationException("no serial");
}
