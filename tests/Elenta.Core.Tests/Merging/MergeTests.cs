using Elenta.Core.Loading;
using Elenta.Core.Merging;

namespace Elenta.Core.Tests.Merging;

public class MergeTests
{
    [Fact]
    public void ListsConcatenateInFileOrder()
    {
        var c = TestSite.Minimal()
            .File("a.yaml", "cadaster: { compute: { alpha: { tags: [one] } } }\n")
            .File("b.yaml", "cadaster: { compute: { alpha: { tags: [two, three] } } }\n")
            .Compile();
        c.Diagnostics.Clean();
        Assert.Equal(["one", "two", "three"], c.Site!.Cadaster.Hosts["alpha"]!.Tags);
    }

    [Fact]
    public void ConflictingScalarsNameBothFiles()
    {
        var c = TestSite.Minimal().File("z.yaml", "cadaster: { compute: { alpha: { hardware: { cpus: 16 } } } }\n").Compile();
        var d = c.Diagnostics.Single("EL1001");
        Assert.Contains("cadaster.compute.alpha.hardware.cpus", d.Message);
        Assert.Contains("hosts.yaml", d.Message);
        Assert.EndsWith("z.yaml", d.Location!.Value.File.Path);
        Assert.EndsWith("hosts.yaml", d.Related.Single().Location.File.Path);
        Assert.Contains("!force", d.Help);
    }

    /// <summary>A file that sorts first but only adds a host key must not become where the host or the instance is.</summary>
    private static Compilation SiteWithKeysAddedFirst() => TestSite.Minimal()
        .File("a-keys.yaml", """
            cadaster: { compute: { alpha: { ssh: { user: admin } } } }
            constellations: { app: { machines: { alpha: { hostConfig: { www: { ssh: { user: admin } } } } } } }
            """)
        .File("zones.yaml", "domains: { other.test: { nameservers: [alpha] } }\n")
        .Compile();

    [Fact]
    public void AMappingSeveralFilesWriteIsLocatedWhereItIsDefined()
    {
        var c = SiteWithKeysAddedFirst();
        var alpha = c.Site!.Cadaster.Hosts["alpha"]!.Node;
        Assert.EndsWith("hosts.yaml", alpha.Location.File.Path);
        Assert.EndsWith("hosts.yaml", alpha.KeyLocation!.Value.File.Path);
        Assert.Equal(2, alpha.Definitions.Count);
        Assert.EndsWith("a-keys.yaml", alpha.Definitions[0].Location.File.Path); // explain still lists them in file order

        var www = c.Site.Constellations["app"]!.Instances.Single(i => i.Name == "www").Node;
        Assert.EndsWith("constellations.yaml", www.KeyLocation!.Value.File.Path);
        Assert.Equal("www", www.KeyLocation!.Value.File.Text.Substring(www.KeyLocation!.Value.Span.Start, www.KeyLocation!.Value.Span.Length));
    }

    [Fact]
    public void ANoteAboutAHostPointsAtItsDefinitionNotAtAFileThatAddedAKey()
    {
        var d = SiteWithKeysAddedFirst().Diagnostics.Single(d => d.Code == "EL5008" && d.Message.Contains("other.test", StringComparison.Ordinal));
        var note = d.Related.Single();
        Assert.EndsWith("hosts.yaml", note.Location.File.Path);
        Assert.Equal(3, note.Location.Start.Line);
    }

    [Fact]
    public void EqualScalarsAgree()
    {
        TestSite.Minimal().File("z.yaml", "cadaster: { compute: { alpha: { hardware: { cpus: 8 } } } }\n").Compile().Diagnostics.Clean();
    }

    [Fact]
    public void ForceWinsAndDefaultLoses()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", "cadaster: { compute: { alpha: { hardware: { cpus: !force 64, memory: !default 1GiB } } } }\n")
            .Compile();
        c.Diagnostics.Clean();
        var hw = c.Site!.Cadaster.Hosts["alpha"]!.Hardware;
        Assert.Equal(64, hw.Cpus);
        Assert.Equal(32L << 30, hw.Memory!.Value.Bytes);
        var cpus = ((MergedMapping)c.Site.Cadaster.Hosts["alpha"]!.Node["hardware"]!)["cpus"]!;
        Assert.Equal(Priority.Force, cpus.Definitions.Single().Priority);
        Assert.Single(cpus.Overridden);
    }

    [Fact]
    public void ForceOnAMappingReplacesIt()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", "cadaster: { compute: { alpha: { hardware: !force { cpus: 2 } } } }\n")
            .Compile(analyze: false);
        c.Diagnostics.Clean();
        Assert.Equal(2, c.Site!.Cadaster.Hosts["alpha"]!.Hardware.Cpus);
        Assert.Null(c.Site.Cadaster.Hosts["alpha"]!.Hardware.Memory);
    }

    [Fact]
    public void DifferentKindsConflict()
    {
        var c = TestSite.Minimal().File("z.yaml", "cadaster: { compute: { alpha: { hardware: [8] } } }\n").Compile();
        var d = c.Diagnostics.Single("EL1002");
        Assert.Contains("list", d.Message);
        Assert.Single(d.Related);
    }

    [Fact]
    public void TwoForcesStillConflict()
    {
        var c = TestSite.Minimal()
            .File("y.yaml", "cadaster: { compute: { alpha: { hardware: { cpus: !force 1 } } } }\n")
            .File("z.yaml", "cadaster: { compute: { alpha: { hardware: { cpus: !force 2 } } } }\n")
            .Compile();
        c.Diagnostics.Single("EL1001");
    }

    [Fact]
    public void PathsQuoteKeysWithDots()
    {
        var c = TestSite.Minimal()
            .File("d1.yaml", "domains: { example.test: { ttl: 60 } }\n")
            .File("d2.yaml", "domains: { example.test: { ttl: 120 } }\n")
            .Compile();
        Assert.Contains("domains.\"example.test\".ttl", c.Diagnostics.Single("EL1001").Message);
        Assert.Equal(["domains", "example.test", "records", "[0]"], PathSyntax.Parse("domains.\"example.test\".records[0]"));
    }
}
