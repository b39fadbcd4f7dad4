using Elenta.Core.Tests.Emit.Dns;

namespace Elenta.Core.Tests.Analysis.Dns;

/// <summary>EL5020–EL5026: the resolvers, primaries and public zones the DNS emitter relies on.</summary>
public class DnsServiceRulesTests
{
    private const string Dmz = """
        networks:
          lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2] }
          dmz: { cidr: 198.51.100.0/24, gateway: 198.51.100.1 }
        """;

    private const string AlphaInDmz = """
        cadaster:
          compute:
            alpha:
              hardware: { cpus: 8, memory: 32GiB, disk: 1TB }
              interfaces: { eth0: { mac: "02:00:00:00:00:01" } }
              canon:
                lab: { ip: 10.0.0.2, interface: eth0 }
                dmz: { ip: 198.51.100.70, interface: eth0, primary: true }
              ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u" }
            beta:
              hardware: { cpus: 4, memory: 8GiB, disk: 500GB }
              interfaces: { eth0: { mac: "02:00:00:00:00:02" } }
              canon: { lab: { ip: 10.0.0.3, interface: eth0 } }
              ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ" }
        """;

    [Fact]
    public void ADnsAddressNobodyHasIsReported()
    {
        var d = TestSite.Minimal()
            .File("networks.yaml", "networks: { lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.9] } }\n")
            .Compile().Diagnostics.Single("EL5020");
        Assert.Equal("10.0.0.9", d.Location.Text());
    }

    [Fact]
    public void EmeraldCityIsCleanOfTheDnsServiceRules()
    {
        var diagnostics = DnsTestSites.EmeraldCity().Compile().Diagnostics;
        foreach (var code in new[] { "EL5020", "EL5021", "EL5022", "EL5023", "EL5024", "EL5025", "EL5026" })
        {
            diagnostics.None(code);
        }
    }

    [Fact]
    public void AFirewallThatDropsTcp53ToTheResolverIsReported()
    {
        var site = DnsTestSites.EmeraldCity();
        var networks = File.ReadAllText(Path.Combine(ExampleSites.Directory("emerald-city"), "networks.yaml")).Replace("dns: [192.168.1.1]", "dns: [10.255.0.53]", StringComparison.Ordinal);
        var firewall = File.ReadAllText(Path.Combine(ExampleSites.Directory("emerald-city"), "cadaster", "network.yaml")).Replace("tcp/443, udp/53, tcp/53]", "tcp/443, udp/53]", StringComparison.Ordinal);
        var d = site.File("networks.yaml", networks).File("cadaster/network.yaml", firewall).Compile().Diagnostics.Single("EL5021");
        Assert.Equal("10.255.0.53", d.Location.Text());
        Assert.Contains("tcp/53", d.Message);
        Assert.Contains("default policy (deny)", d.Message);
    }

    [Fact]
    public void APublicZoneKeepsPrivateAddressesOut()
    {
        var diagnostics = TestSite.Minimal()
            .File("networks.yaml", Dmz)
            .File("hosts.yaml", AlphaInDmz)
            .File("zones.yaml", "domains: { example.test: { public: true, nameservers: [alpha, beta], records: { mail: { A: 10.0.0.25 } } } }\n")
            .Compile().Diagnostics;
        Assert.Equal("10.0.0.25", diagnostics.Single("EL5023").Location.Text());
        Assert.Contains("db.example.test", diagnostics.Single("EL5022").Message); // the VM at 10.0.0.20
        Assert.Contains("'beta' has no public address", diagnostics.Single("EL5025").Message);
    }

    [Fact]
    public void AServerWhoseOnlyAddressIsTheResolversRunsNsdOnAnotherPort()
    {
        var compilation = TestSite.Minimal().File("elenta.yaml", "site: mini\ncanonDomain: canon\ndns: { servers: [alpha, beta] }\n")
            .File("zones.yaml", "domains: { example.test: {} }\n") // constellation app's domain (EL5015)
            .Compile();
        compilation.Diagnostics.None("EL5024");
        var artifacts = DnsTestSites.Build(compilation, new DateOnly(2026, 5, 11));
        Assert.Contains("\tip-address: 10.0.0.2@5353\n", artifacts["dns/nsd/alpha.nsd.conf"]);
        Assert.Contains("\trequest-xfr: 10.0.0.2@5353 alpha.beta.elenta-tsig\n", artifacts["dns/nsd/beta.nsd.conf"]);
        var unbound = artifacts["dns/unbound/alpha.unbound.conf"];
        Assert.Contains("\tinterface: 10.0.0.2\n", unbound);
        Assert.Contains("\tstub-addr: 10.0.0.2@5353 # alpha\n", unbound);
    }

    [Fact]
    public void APrimaryAndItsSecondaryNameAddressesOfOneNetworkWhateverOrderTheyListThemIn()
    {
        // ns1 lists IPv4 first, ns2 IPv6 first: each used to name the other's first shared address,
        // so ns1 notified fd00::2 from fd00::1 while ns2 allowed only 10.0.0.1, and no transfer passed.
        var compilation = TestSite.Create().File("elenta.yaml", "site: n2\ncanonDomain: canon\ndns: { servers: [ns1, ns2] }\n")
            .File("n.yaml", """
                networks: { lan: { cidr: 10.0.0.0/24 }, lan6: { cidr: "fd00::/64" } }
                cadaster:
                  compute:
                    ns1: { canon: { lan: { ip: 10.0.0.1 }, lan6: { ip: "fd00::1" } } }
                    ns2: { canon: { lan6: { ip: "fd00::2" }, lan: { ip: 10.0.0.2 } } }
                """).Compile();
        var artifacts = DnsTestSites.Build(compilation, new DateOnly(2026, 5, 11));
        var primary = artifacts["dns/nsd/ns1.nsd.conf"];
        var secondary = artifacts["dns/nsd/ns2.nsd.conf"];
        Assert.Contains("\tnotify: 10.0.0.2 ns1.ns2.elenta-tsig\n", primary);
        Assert.Contains("\tprovide-xfr: 10.0.0.2 ns1.ns2.elenta-tsig\n", primary);
        Assert.Contains("\tallow-notify: 10.0.0.1 ns1.ns2.elenta-tsig\n", secondary);
        Assert.Contains("\trequest-xfr: 10.0.0.1 ns1.ns2.elenta-tsig\n", secondary);
    }

    [Fact]
    public void APublicApexKeepsItsAddressBesideATxtRecord()
    {
        // redirectBareTo gives the apex the address of www's machine; an SPF TXT at the apex took it away.
        var compilation = TestSite.Create().File("elenta.yaml", "site: pub\ncanonDomain: canon\ndns: { servers: [ns1] }\n")
            .File("p.yaml", """
                networks: { wan: { cidr: 198.51.100.0/24 } }
                cadaster: { compute: { ns1: { canon: { wan: { ip: 198.51.100.1 } } }, web: { canon: { wan: { ip: 198.51.100.5 } } } } }
                roles: { site: { services: { http: { port: tcp/80, clients: [wan] } }, proxy: { www: { port: 8000 } } } }
                constellations: { c: { domain: example.com, redirectBareTo: www, machines: { web: { hostConfig: { front: { role: site } } } } } }
                domains: { example.com: { public: true, nameservers: [ns1], records: { "@": { TXT: "v=spf1 -all" } } } }
                """).Compile();
        var zone = DnsTestSites.Zones(DnsTestSites.Build(compilation, new DateOnly(2026, 5, 11))).Single(z => z.Origin == "example.com").Text;
        Assert.Matches(@"(?m)^@\s.*\bA\s+198\.51\.100\.5$", zone);
        Assert.Contains("v=spf1 -all", zone);
    }

    [Fact]
    public void AnUnmanagedPrimaryIsReported()
    {
        var hosts = """
            cadaster:
              compute:
                gamma:
                  driver: none
                  interfaces: { eth0: { mac: "02:00:00:00:00:09" } }
                  canon: { lab: { ip: 10.0.0.9, interface: eth0 } }
            """;
        var d = TestSite.Minimal().File("more-hosts.yaml", hosts).File("elenta.yaml", "site: mini\ncanonDomain: canon\ndns: { servers: [gamma, beta] }\n").Compile().Diagnostics.Single("EL5024");
        Assert.Contains("its primary 'gamma'", d.Message);
    }

    [Fact]
    public void ACanonServerFromTheDomainsNameServersIsReportedWhereTheyAreListed()
    {
        // No dns.servers: the canon zone's servers are the domains' name servers, and gamma has no canon address.
        var hosts = """
            cadaster:
              compute:
                gamma:
                  interfaces: { eth0: { mac: "02:00:00:00:00:09" } }
            """;
        var d = TestSite.Minimal().File("more-hosts.yaml", hosts).File("zones.yaml", "domains: { example.test: { nameservers: [alpha, gamma] } }\n")
            .Compile().Diagnostics.Single("EL5024");
        Assert.Contains("name server 'gamma' of the canon domain", d.Message);
        Assert.Equal("site/zones.yaml:1:41", d.Location.ToString()); // the list [alpha, gamma]
    }

    [Fact]
    public void AClasslessDelegationToACanonNameIsLame()
    {
        var d = DnsTestSites.Rfc2317().Compile().Diagnostics.Single("EL5026");
        Assert.Equal("198.51.100.64/26", d.Location.Text());
    }
}
