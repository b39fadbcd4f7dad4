using Elenta.Cli.Tests.Support;
using Elenta.Core.Emit.Dns;
using Elenta.Core.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>
/// A domain marked public, built through the CLI: the internet's view (public addresses only, no
/// canon names, in-domain name servers with glue), signed with DNSSEC by ldns with a key kept in the
/// secrets directory, verified by ldns-verify-zone, and not signed again while nothing changed.
/// </summary>
public sealed class PublicZoneTests : IDisposable
{
    private readonly CliRunner.TempDir dir = new();

    public PublicZoneTests()
    {
        dir.Write("site/elenta.yaml", "site: pub\ncanonDomain: canon\ndns: { servers: [alpha, beta], blockOutgoing: [canon] }\n");
        dir.Write("site/networks.yaml", """
            networks:
              lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2] }
              dmz: { cidr: 198.51.100.0/24, gateway: 198.51.100.1 }
            """);
        dir.Write("site/hosts.yaml", """
            cadaster:
              compute:
                alpha:
                  hardware: { cpus: 8, memory: 32GiB, disk: 1TB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:01", bridge: br-lab } }
                  canon:
                    lab: { ip: 10.0.0.2, interface: eth0 }
                    dmz: { ip: 198.51.100.70, interface: eth0, primary: true }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u" }
                beta:
                  hardware: { cpus: 4, memory: 8GiB, disk: 500GB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:02" } }
                  canon:
                    lab: { ip: 10.0.0.3, interface: eth0 }
                    dmz: { ip: 198.51.100.71, interface: eth0, primary: true }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ" }
            """);
        dir.Write("site/roles.yaml", """
            roles:
              web:
                resources: { cpus: 1, memory: 1GiB, disk: 10GiB }
                services: { http: { port: tcp/80 } }
              database:
                resources: { cpus: 2, memory: 4GiB, disk: 20GiB }
                services: { postgres: { port: 5432 } }
            """);
        dir.Write("site/constellations.yaml", """
            constellations:
              app:
                domain: example.org
                machines:
                  alpha:
                    hostConfig: { www: { role: web } }
                    vms:
                      db: { role: database, address: { network: lab, ip: 10.0.0.20 }, mac: "02:00:00:00:01:01",
                          ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDnamChHvTIaxFLzuvcv0GO0VO3mla4Nezt0EwxLIDl/" } }
            """);
        dir.Write("site/domains.yaml", """
            domains:
              example.org:
                public: true
                nameservers: [alpha, beta]
                records:
                  "@": { MX: "10 mail" }
                  mail: { A: 198.51.100.72 }
            """);
    }

    private string Out => Path.Combine(dir.Path, "out");

    private string Secrets => Path.Combine(dir.Path, "secrets");

    private string Zone(string file) => File.ReadAllText(Path.Combine(Out, "dns", "zones", file));

    private CliRunner.Result Build() => CliRunner.Run(dir.Path, "build", "site", "--out", "out", "--only", "dns", "--secrets", "secrets");

    [Fact]
    public void PublicZoneShowsOnlyPublicAddressesAndIsSignedOnce()
    {
        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        var zone = Zone("example.org.zone");
        Assert.Contains("www   IN A 198.51.100.70", zone);
        Assert.Contains("@     IN NS alpha.example.org.", zone);
        Assert.Contains("alpha IN A 198.51.100.70", zone);
        Assert.Contains("beta  IN A 198.51.100.71", zone);
        Assert.Contains("IN SOA alpha.example.org.", zone);
        Assert.DoesNotContain("canon", zone); // no canon CNAME, no canon name server
        Assert.DoesNotContain("10.0.0.", zone); // db, on the lab network only, is left out
        Assert.DoesNotContain("db", zone);

        // Signed with the key kept in the secrets directory; the DS records are for the registrar.
        Assert.Single(Directory.EnumerateFiles(Path.Combine(Secrets, "dnssec", "example.org"), "K*.private"));
        Assert.Matches(@"^example\.org\.\s+\d+\s+IN\s+DS\s+\d+ 15 2 [0-9a-f]{64}", File.ReadAllText(Path.Combine(Out, "dns", "dnssec", "example.org.ds")));
        Assert.Contains("DS for the registrar (dns/dnssec/example.org.ds): example.org.", r.Out);
        var signedPath = Path.Combine(Out, "dns", "zones", "example.org.zone.signed");
        ExternalTool.Run("ldns-verify-zone", signedPath).AssertOk("ldns-verify-zone");
        NsdTools.CheckZone("example.org", signedPath).AssertOk("nsd-checkzone");

        // The primary loads the signed zone; the unsigned one is delivered to nobody.
        Assert.Contains("zonefile: \"elenta/example.org.zone.signed\"", File.ReadAllText(Path.Combine(Out, "dns", "nsd", "alpha.nsd.conf")));

        // Nothing changed: the same signed bytes, the same serial.
        var signed = File.ReadAllBytes(signedPath);
        var again = Build();
        Assert.True(again.ExitCode == 0, again.Out + again.Err);
        Assert.Equal(signed, File.ReadAllBytes(signedPath));
        Assert.Contains(" 0 written,", again.Out);

        // One record changed by hand in the signed zone: validation fails.
        var tampered = Path.Combine(dir.Path, "tampered.zone");
        File.WriteAllText(tampered, File.ReadAllText(signedPath).Replace("198.51.100.72", "198.51.100.99", StringComparison.Ordinal));
        var verdict = ExternalTool.Run("ldns-verify-zone", tampered);
        Assert.NotEqual(0, verdict.ExitCode);
        Assert.Contains("Bogus", verdict.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ASiteWithErrorsMakesNoDnssecKeyAndTheKeyThatSignedIsKept()
    {
        // A dry run signs nothing, so it makes no key.
        var dry = CliRunner.Run(dir.Path, "build", "site", "--out", "out", "--only", "dns", "--secrets", "secrets", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Out + dry.Err);
        Assert.False(Directory.Exists(Secrets), "a dry run made secrets");

        // An error only the analysis finds (two machines on one address): the site resolves, the
        // zone is signed beside the analysis, and the gate refuses the build.
        var clash = Path.Combine(dir.Path, "site", "clash.yaml");
        File.WriteAllText(clash, "cadaster: { compute: { clash: { canon: { lab: { ip: 10.0.0.2 } } } } }\n");
        var broken = Build();
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("EL4001", broken.Out + broken.Err);
        Assert.False(Directory.Exists(Secrets), "a site with errors made secrets");
        Assert.False(Directory.Exists(Out));

        File.Delete(clash);
        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        var keyDir = Path.Combine(Secrets, "dnssec", "example.org");
        var key = Assert.Single(Directory.GetFiles(keyDir, "K*.private"))[..^".private".Length];
        Assert.Equal(Directory.GetFiles(keyDir).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            new[] { ".ds", ".key", ".private" }.Select(e => Path.GetFileName(key) + e)); // the whole key, nothing half-moved beside it

        // The key kept is the one that signed: the zone carries its DNSKEY, and the build's DS is its DS.
        var signedPath = Path.Combine(Out, "dns", "zones", "example.org.zone.signed");
        var dnskey = File.ReadAllText(key + ".key").Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        Assert.Contains(dnskey, File.ReadAllText(signedPath));
        var ds = ExternalTool.Run("ldns-key2ds", "-n", "-2", key + ".key");
        ds.AssertOk("ldns-key2ds");
        Assert.Equal(ds.Stdout.Trim(), File.ReadAllText(Path.Combine(Out, "dns", "dnssec", "example.org.ds")).Trim());
        ExternalTool.Run("ldns-verify-zone", "-k", key + ".key", signedPath).AssertOk("ldns-verify-zone with the kept key");

        // Reused: a changed zone is signed again with that key, and no other is made.
        dir.Write("site/more.yaml", "domains: { example.org: { records: { extra: { TXT: hello } } } }\n");
        var again = Build();
        Assert.True(again.ExitCode == 0, again.Out + again.Err);
        Assert.Contains("extra", File.ReadAllText(signedPath));
        Assert.Equal(key + ".private", Assert.Single(Directory.GetFiles(keyDir, "K*.private")));
        Assert.Equal(ds.Stdout.Trim(), File.ReadAllText(Path.Combine(Out, "dns", "dnssec", "example.org.ds")).Trim());
        ExternalTool.Run("ldns-verify-zone", "-k", key + ".key", signedPath).AssertOk("ldns-verify-zone after signing again");
    }

    [Fact]
    public void ExpiringSignaturesAreRenewedWithANewSerial()
    {
        Assert.Equal(0, Build().ExitCode);
        var signedPath = Path.Combine(Out, "dns", "zones", "example.org.zone.signed");
        var serial = ZoneWriter.ReadSerial(Zone("example.org.zone"));

        // The previous build's signatures as if they ran out in five days: the next build signs
        // again, and moves the serial on so the secondary fetches the new signatures.
        var soon = DateTime.UtcNow.AddDays(5).ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var text = File.ReadAllText(signedPath);
        var expiry = SignaturePolicy.EarliestExpiration(text)!.Value.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(signedPath, text.Replace(expiry, soon, StringComparison.Ordinal));

        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.True(ZoneWriter.ReadSerial(Zone("example.org.zone")) > serial);
        Assert.True(SignaturePolicy.EarliestExpiration(File.ReadAllText(signedPath)) > DateTime.UtcNow.AddDays(SignaturePolicy.RefreshDays));
        ExternalTool.Run("ldns-verify-zone", signedPath).AssertOk("ldns-verify-zone after re-signing");
    }

    public void Dispose() => dir.Dispose();
}
