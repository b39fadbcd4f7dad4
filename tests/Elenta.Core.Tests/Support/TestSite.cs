using Elenta.Core.Diagnostics;
using Elenta.Core.Loading;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// Builds a site in memory and compiles it through the real pipeline. Files are given as
/// (path, YAML) pairs; elenta.yaml is added when missing.
/// </summary>
public sealed class TestSite
{
    private readonly InMemoryFileSystem fs = new();
    private bool hasSettings;

    public static TestSite Create() => new();

    public TestSite File(string path, string text)
    {
        fs.Add("/site/" + path, text);
        hasSettings |= path == "elenta.yaml";
        return this;
    }

    public TestSite File(string path, byte[] bytes)
    {
        fs.Add("/site/" + path, bytes);
        hasSettings |= path == "elenta.yaml";
        return this;
    }

    /// <summary>Adds a file outside the site (an overlay directory, say).</summary>
    public TestSite Outside(string absolutePath, string text)
    {
        fs.Add(absolutePath, text);
        return this;
    }

    public InMemoryFileSystem FileSystem => fs;

    public Compilation Compile(INixEvaluator? nix = null, bool analyze = true)
    {
        if (!hasSettings)
        {
            fs.Add("/site/elenta.yaml", "site: test\n");
            hasSettings = true;
        }

        return Compilation.Create("/site", fs, nix, new CompilationOptions(analyze));
    }

    /// <summary>A small valid site: one network, two hosts, a role, a constellation. Tests add to it.</summary>
    public static TestSite Minimal() => Create()
        .File("elenta.yaml", "site: mini\ncanonDomain: canon\n")
        .File("networks.yaml", """
            networks:
              lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2], dhcp: { server: alpha, from: 10.0.0.100, to: 10.0.0.199 } }
            """)
        .File("hosts.yaml", """
            cadaster:
              compute:
                alpha:
                  hardware: { cpus: 8, memory: 32GiB, disk: 1TB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:01", bridge: br-lab } }   # the VM db's bridge (EL7013)
                  canon: { lab: { ip: 10.0.0.2, interface: eth0 } }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u" }
                beta:
                  hardware: { cpus: 4, memory: 8GiB, disk: 500GB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:02" } }
                  canon: { lab: { ip: 10.0.0.3, interface: eth0 } }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ" }
            """)
        .File("roles.yaml", """
            roles:
              web:
                resources: { cpus: 1, memory: 1GiB, disk: 10GiB }
                services: { http: { port: tcp/80 } }
              database:
                options: { mode: { type: enum, values: [primary, secondary], default: primary } }
                resources: { cpus: 2, memory: 4GiB, disk: 20GiB }
                services: { postgres: { port: 5432 } }
            """)
        .File("constellations.yaml", """
            constellations:
              app:
                domain: example.test
                machines:
                  alpha:
                    hostConfig: { www: { role: web } }
                    vms:
                      db: { role: database, extraOpts: { mode: primary }, address: { network: lab, ip: 10.0.0.20 }, mac: "02:00:00:00:01:01",
                          ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDnamChHvTIaxFLzuvcv0GO0VO3mla4Nezt0EwxLIDl/" } }
            """);
}

public static class DiagnosticAssertions
{
    public static Diagnostic Single(this IReadOnlyList<Diagnostic> diagnostics, string code)
    {
        var matching = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got {matching.Count}:\n{Describe(diagnostics)}");
        return matching[0];
    }

    public static void None(this IReadOnlyList<Diagnostic> diagnostics, string code) =>
        Assert.True(diagnostics.All(d => d.Code != code), $"expected no {code}:\n{Describe(diagnostics)}");

    public static void Clean(this IReadOnlyList<Diagnostic> diagnostics) =>
        Assert.True(diagnostics.Count == 0, "expected no diagnostics:\n" + Describe(diagnostics));

    public static string Describe(IReadOnlyList<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => $"  {d.Location}: {d.Severity} {d.Code}: {d.Message}"));
}
