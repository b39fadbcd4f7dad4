
namespace Elenta.Core.Tests.Analysis.Placement;

public class HostOverAllocatedTests
{
    // beta has 8GiB; two constellations each place a VM on it.
    private static TestSite TwoConstellationsOnBeta(string overcommit = "") => TestSite.Minimal()
        .File("more.yaml", $$"""
            cadaster: { compute: { beta: { hardware: { overcommit: { {{overcommit}} } } } } }
            constellations:
              one: { machines: { beta: { vms: { v1: { role: web, resources: { memory: 6GiB } } } } } }
              two: { machines: { beta: { vms: { v2: { role: web, resources: { memory: 4GiB } } } } } }
            """);

    [Fact]
    public void MemoryOverAllocatedAcrossConstellationsIsReportedAtTheHostsCapacity()
    {
        var d = TwoConstellationsOnBeta().Compile().Diagnostics.Single("EL6001");
        Assert.Equal("8GiB", SpanText.Of(d));
        Assert.Equal("hosts.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.Contains("10GiB", d.Message);
        Assert.Equal(["6GiB", "4GiB"], SpanText.Related(d));
        Assert.Contains("'v1'", SpanText.RelatedMessages(d));
        Assert.Contains("'v2'", SpanText.RelatedMessages(d));
    }

    [Fact]
    public void OvercommitRatioRaisesTheAllowance()
    {
        TwoConstellationsOnBeta("memory: 1.5").Compile().Diagnostics.None("EL6001");
    }

    [Fact]
    public void HostConfigRolesCountToo()
    {
        // web takes 1 CPU from the role; beta has 4 CPUs: five hostConfig-free VMs and the host role overflow it.
        var diagnostics = TestSite.Minimal()
            .File("more.yaml", """
                constellations:
                  one:
                    machines:
                      beta:
                        hostConfig: { w0: { role: web } }
                        vms: { w1: { role: web, resources: { cpus: 2 } }, w2: { role: web, resources: { cpus: 2 } } }
                """)
            .Compile().Diagnostics;
        var d = diagnostics.Single("EL6001");
        Assert.Equal("4", SpanText.Of(d));
        Assert.Contains("5 CPUs", d.Message);
        Assert.Equal(3, d.Related.Length);
    }

    [Fact]
    public void SelectingOneConstellationChecksOnlyThatOne()
    {
        var site = TwoConstellationsOnBeta();
        site.Compile().Diagnostics.Single("EL6001");
        var selected = Compilation.Create("/site", site.FileSystem, null, new CompilationOptions(true) { Constellations = ["one"] });
        selected.Diagnostics.None("EL6001");
        Assert.DoesNotContain(selected.Diagnostics, d => d.IsError);
        Assert.DoesNotContain(selected.Resolved!.Constellations, c => c.Name == "two");
    }

    [Fact]
    public void UnknownSelectedConstellationIsAnErrorWithASuggestion()
    {
        var site = TwoConstellationsOnBeta();
        var selected = Compilation.Create("/site", site.FileSystem, null, new CompilationOptions(true) { Constellations = ["one", "tow"] });
        var d = selected.Diagnostics.Single("EL3003");
        Assert.Contains("'tow'", d.Message);
        Assert.Contains("did you mean 'two'", d.Message);
    }
}
