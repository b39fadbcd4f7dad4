using System.Text;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Tests.Support;

namespace Elenta.Core.Tests.Pipeline;

/// <summary>
/// Mappings of 64 keys or more (hosts, constellations) are merged, schema-checked and bound in
/// parallel. These sites are big enough to take those paths: the result must not depend on which
/// thread finished first.
/// </summary>
public sealed class LargeSiteTests
{
    private const int HostFiles = 3;
    private const int HostsPerFile = 40;
    private const int Constellations = 70;

    private static string HostName(int file, int i) => $"h{file}x{i:D3}";

    /// <summary>120 hosts in 3 files, 70 constellations in their own files; <paramref name="broken"/> adds a mistake of each kind.</summary>
    private static TestSite Site(bool broken)
    {
        var site = TestSite.Create()
            .File("elenta.yaml", "site: large\ncanonDomain: canon\nanalysis: { rules: { EL8007: off } } # no host keys in this site\n")
            .File("networks.yaml", "networks:\n  lab: { cidr: 10.8.0.0/16 }\n")
            .File("roles.yaml", """
                roles:
                  app:
                    options: { size: { type: int, default: 1 } }
                    resources: { cpus: 1, memory: 1GiB }
                """);
        for (var f = 0; f < HostFiles; f++)
        {
            var text = new StringBuilder("cadaster:\n  compute:\n");
            for (var i = 0; i < HostsPerFile; i++)
            {
                var n = (f * HostsPerFile) + i;
                text.Append($"    {HostName(f, i)}:\n");
                text.Append($"      hardware: {{ cpus: 16, memory: 64GiB }}\n");
                text.Append($"      interfaces: {{ eth0: {{ mac: \"02:00:00:00:{n / 256:x2}:{n % 256:x2}\" }} }}\n");
                text.Append($"      canon: {{ lab: {{ ip: 10.8.{n / 250}.{(n % 250) + 1}, interface: eth0 }} }}\n");
                if (broken && i % 13 == 5)
                {
                    text.Append("      hardwre: { cpus: 2 }\n");
                }
            }

            site.File($"hosts-{f}.yaml", text.ToString());
        }

        if (broken)
        {
            // The same host's CPU count said twice, differently: a conflict naming both files.
            site.File("more.yaml", $"cadaster:\n  compute:\n    {HostName(1, 7)}:\n      hardware: {{ cpus: 12 }}\n");
        }

        for (var c = 0; c < Constellations; c++)
        {
            var host = HostName(c % HostFiles, c % HostsPerFile);
            var role = broken && c % 17 == 3 ? "ap" : "app";
            site.File($"constellations/c{c:D2}.yaml", $$"""
                constellations:
                  c{{c:D2}}:
                    machines:
                      {{host}}:
                        hostConfig:
                          c{{c:D2}}-app: { role: {{role}}, extraOpts: { size: {{c}} } }
                """);
        }

        return site;
    }

    private static string Fingerprint(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => $"{d.Location} {d.Code} {d.Message}"));

    [Fact]
    public void DiagnosticsOfALargeBrokenSiteAreTheSameEveryTimeAndInOrder()
    {
        var first = Site(broken: true).Compile().Diagnostics;
        // Three hosts in each of the three host files misspell 'hardware': nine unknown keys, each at its own line.
        var misspelt = first.Where(d => d.Code == "EL2001" && d.Message.Contains("'hardwre'", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, misspelt.Count);
        Assert.Equal(9, misspelt.Select(d => d.Location!.ToString()).Distinct(StringComparer.Ordinal).Count());
        Assert.All(misspelt, d => Assert.Contains("did you mean 'hardware'?", d.Message, StringComparison.Ordinal));
        Assert.Contains(first, d => d.Message.Contains("'ap'", StringComparison.Ordinal));
        Assert.Contains(first, d => d.Message.Contains("cpus", StringComparison.Ordinal) && d.Location!.Value.ToString().Contains("more.yaml", StringComparison.Ordinal));

        var sorted = first.ToList();
        sorted.Sort(Diagnostic.Compare);
        Assert.Equal(Fingerprint(sorted), Fingerprint(first));

        for (var run = 0; run < 5; run++)
        {
            Assert.Equal(Fingerprint(first), Fingerprint(Site(broken: true).Compile().Diagnostics));
        }
    }

    [Fact]
    public void ALargeSiteKeepsDefinitionOrderAndGivesTheSameViewsEveryTime()
    {
        var compilation = Site(broken: false).Compile();
        Assert.False(compilation.HasErrors, Fingerprint(compilation.Diagnostics));

        var expectedHosts = Enumerable.Range(0, HostFiles).SelectMany(f => Enumerable.Range(0, HostsPerFile).Select(i => HostName(f, i))).ToList();
        Assert.Equal(expectedHosts, compilation.Site!.Cadaster.Hosts.Select(h => h.Name));
        Assert.Equal(Enumerable.Range(0, Constellations).Select(c => $"c{c:D2}"), compilation.Site.Constellations.Select(c => c.Name));
        Assert.Equal(expectedHosts, compilation.Resolved!.Machines.Take(expectedHosts.Count).Select(m => m.Name));
        Assert.Equal(Enumerable.Range(0, Constellations).Select(c => $"c{c:D2}"), compilation.Tree.Map("constellations")!.Keys);

        var views = Views(compilation);
        for (var run = 0; run < 3; run++)
        {
            Assert.Equal(views, Views(Site(broken: false).Compile()));
        }
    }

    private static List<string> Views(Compilation compilation) =>
        compilation.Resolved!.Machines.Select(m => Encoding.UTF8.GetString(ViewJson.MachineUtf8(compilation.Resolved, m)))
            .Concat(compilation.Resolved.Constellations.Select(c => Encoding.UTF8.GetString(ViewJson.ConstellationUtf8(c))))
            .ToList();
}
