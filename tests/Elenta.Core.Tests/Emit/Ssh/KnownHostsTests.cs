using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Ssh;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Emit.Ssh;

/// <summary>The generated known_hosts, judged by ssh-keygen -F (which looks names up as ssh does).</summary>
public sealed class KnownHostsTests : IDisposable
{
    private const string BetaKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ";
    private readonly string directory = Directory.CreateTempSubdirectory("elenta-ssh-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(22)]
    [InlineData(2222)]
    public void AnEntryWritesItsLineAsUtf8(int port)
    {
        Assert.True(PublicKey.TryParse(BetaKey + " comment", out var key, out _));
        var entry = new KnownHostsEntry("beta", ["beta.canon", "beta", "10.0.0.2", "bêta.example"], port, key);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        entry.WriteLine(output);
        var expected = port == 22 ? "beta.canon,beta,10.0.0.2,bêta.example " : "[beta.canon]:2222,[beta]:2222,[10.0.0.2]:2222,[bêta.example]:2222 ";
        Assert.Equal(expected + BetaKey + "\n", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(entry.Line + "\n", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void SshKeygenFindsEveryEmeraldCityHostByEveryNameAndAddress()
    {
        var context = ExampleSites.EmitContext("emerald-city");
        var site = context.Resolved.Site;
        var (artifact, diagnostics) = Emit(context);
        diagnostics.Clean();
        Assert.Equal("/etc/ssh/ssh_known_hosts", artifact!.Delivery!.Target);
        // Every machine Elenta manages receives it; hedges (driver: none) does not.
        Assert.Equal(context.Resolved.Machines.Select(m => m.Name).Where(m => m != "hedges").Order(StringComparer.Ordinal), artifact.Machines);
        var file = Write(artifact);

        var checkedNames = 0;
        foreach (var host in site.Cadaster.Hosts.Where(h => h.Ssh?.HostKey is not null))
        {
            var names = new List<string> { host.Name, $"{host.Name}.canon" };
            names.AddRange(host.Canon.Select(c => $"{c.Name}.{host.Name}.canon"));
            names.AddRange(host.Canon.Select(c => c.Ip.ToString()));
            foreach (var name in names)
            {
                AssertFound(file, name, host.Ssh!.HostKey!.ToString());
                checkedNames++;
            }
        }

        foreach (var guest in site.Constellations.SelectMany(c => c.Instances).Where(i => i.Kind != InstanceKind.Host && i.Ssh?.HostKey is not null))
        {
            foreach (var name in new[] { guest.Name, $"{guest.Name}.canon", $"{guest.Name}.emerald.city", guest.Address!.Ip.ToString() })
            {
                AssertFound(file, name, guest.Ssh!.HostKey!.ToString());
                checkedNames++;
            }
        }

        Assert.True(checkedNames > 40, $"only {checkedNames} names checked");
        AssertFound(file, "ns.emerald.city", site.Cadaster.Hosts["toto"]!.Ssh!.HostKey!.ToString());
    }

    [Fact]
    public void TotosRetiredKeyIsRevoked()
    {
        var context = ExampleSites.EmitContext("emerald-city");
        var toto = context.Resolved.Site.Cadaster.Hosts["toto"]!.Ssh!;
        var retired = Assert.Single(toto.RetiredKeys);
        var file = Write(Emit(context).Artifact!);

        var found = ExternalTool.Run("ssh-keygen", "-F", "toto.canon", "-f", file);
        Assert.Equal(0, found.ExitCode);
        Assert.Contains("REVOKED", found.Stdout, StringComparison.Ordinal);
        Assert.Contains($"@revoked * {retired.Key}", found.Stdout, StringComparison.Ordinal);

        // ssh-keygen -l -F prints the revoked key's fingerprint: the same as ssh-keygen computes for the retired key itself.
        var pub = Path.Combine(directory, "retired.pub");
        File.WriteAllText(pub, retired.Key + "\n");
        var fingerprint = ExternalTool.Run("ssh-keygen", "-l", "-f", pub).Stdout.Split(' ')[1];
        var listed = ExternalTool.Run("ssh-keygen", "-l", "-F", "toto.canon", "-f", file).Stdout;
        var revokedLine = listed.Split('\n').SkipWhile(l => !l.Contains("REVOKED", StringComparison.Ordinal)).Skip(1).First();
        Assert.Contains(fingerprint, revokedLine, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonStandardPortUsesTheBracketForm()
    {
        var site = TestSite.Minimal().File("ports.yaml", """
            cadaster:
              compute:
                beta: { ssh: { port: 2222 } }
            """);
        var file = Write(Emit(site).Artifact!);
        AssertFound(file, "[beta]:2222", BetaKey);
        AssertFound(file, "[10.0.0.3]:2222", BetaKey);
        Assert.DoesNotContain(BetaKey, ExternalTool.Run("ssh-keygen", "-F", "beta", "-f", file).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoMachinesWithOneKeyAreBothListed()
    {
        var site = TestSite.Minimal().File("clone.yaml", $$"""
            constellations:
              app:
                machines:
                  alpha:
                    vms:
                      db: { ssh: { hostKey: !force "{{BetaKey}}" } }
            """);
        var (artifact, diagnostics) = Emit(site);
        Assert.DoesNotContain(diagnostics, d => d.Code.StartsWith("EL90", StringComparison.Ordinal));
        var file = Write(artifact!);
        AssertFound(file, "db", BetaKey);
        AssertFound(file, "beta", BetaKey);
    }

    private void AssertFound(string file, string name, string key)
    {
        var result = ExternalTool.Run("ssh-keygen", "-F", name, "-f", file);
        Assert.True(result.ExitCode == 0, $"ssh-keygen -F {name}: {result.Output}");
        var lines = result.Stdout.Split('\n').Where(l => !l.StartsWith('#') && !l.StartsWith("@revoked", StringComparison.Ordinal) && l.Length > 0).ToList();
        var line = Assert.Single(lines);
        Assert.EndsWith(" " + key, line, StringComparison.Ordinal);
    }

    private string Write(Artifact artifact)
    {
        var path = Path.Combine(directory, "known_hosts");
        File.WriteAllBytes(path, artifact.Content);
        return path;
    }

    private static (Artifact? Artifact, IReadOnlyList<Diagnostic> Diagnostics) Emit(TestSite site) => Single(EmitterRuns.Run(new KnownHostsEmitter(), site));

    private static (Artifact? Artifact, IReadOnlyList<Diagnostic> Diagnostics) Emit(EmitContext context) => Single(EmitterRuns.Run(new KnownHostsEmitter(), context));

    private static (Artifact? Artifact, IReadOnlyList<Diagnostic> Diagnostics) Single((IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) run) =>
        (run.Artifacts.SingleOrDefault(), run.Diagnostics);
}
