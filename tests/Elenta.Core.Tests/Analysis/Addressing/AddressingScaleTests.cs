using System.Diagnostics;
using System.Text;
using Elenta.Core.Analysis;

namespace Elenta.Core.Tests.Analysis.Addressing;

[CollectionDefinition(nameof(AddressingScaleTests), DisableParallelization = true)]
public sealed class AddressingScaleCollection;

/// <summary>
/// The addressing and DNS rules must stay near-linear in hosts and records. Four times the hosts
/// may cost at most about four times the time (a quadratic rule costs sixteen); the absolute cap only
/// catches gross regressions, since test machines are shared and timings are noisy.
/// </summary>
[Collection(nameof(AddressingScaleTests))]
public class AddressingScaleTests
{
    [Fact]
    public void AnalysisTimeGrowsLinearlyWithHostsAndRecords()
    {
        var small = BestOfThree(2_500);
        var large = BestOfThree(10_000);
        Assert.True(large < small * 8 + TimeSpan.FromMilliseconds(100), $"2,500 hosts: {small.TotalMilliseconds:F0} ms; 10,000 hosts: {large.TotalMilliseconds:F0} ms");
        Assert.True(large < TimeSpan.FromSeconds(2), $"analysis of 10,000 hosts took {large.TotalMilliseconds:F0} ms at best");
    }

    private static TimeSpan BestOfThree(int hosts)
    {
        var compilation = Generate(hosts).Compile(analyze: false);
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));

        // Fresh copies of the site are new keys for the cached inventories, so each run builds them.
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var resolved = compilation.Resolved! with { Site = compilation.Site! with { } };
            var clock = Stopwatch.StartNew();
            var diagnostics = Analyzer.Analyze(resolved);
            clock.Stop();
            Assert.DoesNotContain(diagnostics, d => d.IsError);
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }

    /// <summary>Hosts with a MAC and a canon address each, and per host an A record and a CNAME to it.</summary>
    private static TestSite Generate(int hosts)
    {
        var cadaster = new StringBuilder("cadaster:\n  compute:\n");
        var records = new StringBuilder("domains:\n  big.test:\n    nameservers: [h0, h1]\n    records:\n");
        for (var i = 0; i < hosts; i++)
        {
            cadaster.Append($"    h{i}: {{ interfaces: {{ eth0: {{ mac: \"02:00:00:{i >> 16 & 0xff:x2}:{i >> 8 & 0xff:x2}:{i & 0xff:x2}\" }} }}, canon: {{ big: {{ ip: 10.{i / 250 + 100}.{i % 250 + 1}.1, interface: eth0 }} }} }}\n");
            records.Append($"      r{i}: {{ A: 10.{i / 250}.{i % 250 + 1}.2 }}\n");
            records.Append($"      c{i}: {{ CNAME: r{i} }}\n");
        }

        return TestSite.Create()
            .File("elenta.yaml", "site: big\ndns: { blockOutgoing: [test] }\n")
            .File("networks.yaml", "networks: { big: { cidr: 10.0.0.0/8, reverseDns: false } }\n")
            .File("hosts.yaml", cadaster.ToString())
            .File("zones.yaml", records.ToString());
    }
}
