using System.Diagnostics;
using System.Text;
using Elenta.Core.Analysis;
using Elenta.Core.Tests.Support;

namespace Elenta.Core.Tests.Analysis.Addressing;

/// <summary>The addressing and DNS rules must stay near-linear: 10,000 hosts may add at most half a second.</summary>
public class AddressingScaleTests
{
    [Fact]
    public void TenThousandHostsAndRecordsAreAnalysedQuickly()
    {
        const int hosts = 10_000;
        var cadaster = new StringBuilder("cadaster:\n  compute:\n");
        var records = new StringBuilder("domains:\n  big.test:\n    nameservers: [h0, h1]\n    records:\n");
        for (var i = 0; i < hosts; i++)
        {
            var ip = $"10.{i / 250}.{i % 250 + 1}";
            cadaster.Append($"    h{i}: {{ interfaces: {{ eth0: {{ mac: \"02:00:00:{i >> 16 & 0xff:x2}:{i >> 8 & 0xff:x2}:{i & 0xff:x2}\" }} }}, canon: {{ big: {{ ip: 10.{i / 250 + 100}.{i % 250 + 1}.1, interface: eth0 }} }} }}\n");
            records.Append($"      r{i}: {{ A: {ip}.2 }}\n");
            records.Append($"      c{i}: {{ CNAME: r{i} }}\n");
        }

        var compilation = TestSite.Create()
            .File("elenta.yaml", "site: big\n")
            .File("networks.yaml", "networks: { big: { cidr: 10.0.0.0/8, reverseDns: false } }\n")
            .File("hosts.yaml", cadaster.ToString())
            .File("zones.yaml", records.ToString())
            .Compile(analyze: false);
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));

        // Best of three on fresh copies of the site (each a new key for the cached inventories), so a
        // busy machine or the first JIT pass does not decide the result; a quadratic rule fails anyway.
        var best = TimeSpan.MaxValue;
        IReadOnlyList<Elenta.Core.Diagnostics.Diagnostic> diagnostics = [];
        for (var run = 0; run < 3; run++)
        {
            var resolved = compilation.Resolved! with { Site = compilation.Site! with { } };
            var clock = Stopwatch.StartNew();
            diagnostics = Analyzer.Analyze(resolved);
            clock.Stop();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        Assert.True(best < TimeSpan.FromSeconds(0.5), $"analysis of {hosts} hosts took {best.TotalMilliseconds:F0} ms at best");
        Assert.DoesNotContain(diagnostics, d => d.IsError);
    }
}
