using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Tests.Analysis.Views;

/// <summary>What a machine's view could not say (a host id ZFS refuses, a mount with no source) is reported by check, at the line that causes it.</summary>
public class ViewRuleTests
{
    private static TestSite WithHostIds(string alpha, string beta) => TestSite.Minimal()
        .File("ids.yaml", $$"""
            cadaster:
              compute:
                alpha: { hostId: {{alpha}} }
                beta: { hostId: {{beta}} }
            """);

    [Theory]
    [InlineData("\"btg-1\"")]
    [InlineData("\"1234567\"")]
    [InlineData("\"123456789\"")]
    [InlineData("\"00000000\"")]
    [InlineData("\"0x123456\"")]
    public void AHostIdThatIsNotEightHexDigitsIsReportedAtTheValue(string id)
    {
        var d = WithHostIds(id, "\"8425e349\"").Compile().Diagnostics.Single("EL9220");
        Assert.Equal(id, SpanText.Of(d));
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Contains("'alpha'", d.Message);
    }

    [Theory]
    [InlineData("\"8425E349\"", "\"0a0b0c0d\"")]
    [InlineData("12345678", "\"deadbeef\"")]
    public void EightHexDigitsAreAHostIdInEitherCaseAndUnquoted(string alpha, string beta) =>
        WithHostIds(alpha, beta).Compile().Diagnostics.Clean();

    [Fact]
    public void TwoHostsWithOneHostIdAreReportedAtTheSecond()
    {
        var d = WithHostIds("\"8425e349\"", "\"8425E349\"").Compile().Diagnostics.Single("EL9221");
        Assert.Equal("\"8425E349\"", SpanText.Of(d));
        Assert.Equal(["\"8425e349\""], SpanText.Related(d));
        Assert.Contains("'beta'", d.Message);
    }

    [Fact]
    public void AGivenHostIdThatEqualsAnotherMachinesDerivedOneIsReported()
    {
        // beta is given exactly the id alpha derives from its name.
        var d = WithHostIds("null", $"\"{HostIds.Derived("alpha")}\"").Compile().Diagnostics.Single("EL9221");
        Assert.Contains("derived from its name", d.Message);
        Assert.Equal([HostIds.Derived("alpha")], [SpanText.Of(d).Trim('"')]);
    }

    [Fact]
    public void DerivedHostIdsAreEightHexDigitsAndStable()
    {
        Assert.Equal(HostIds.Derived("btg"), HostIds.Derived("btg"));
        Assert.NotEqual(HostIds.Derived("btg"), HostIds.Derived("nancy"));
        Assert.True(HostIds.IsValid(HostIds.Derived("btg")));
    }

    private static TestSite Mounting(string mounts, string pools = "") => TestSite.Minimal()
        .File("storage.yaml", $$"""
            cadaster:
              storage:
                disks:
                  d1: { wwn: "0x5000c500a1b2c301", host: beta }
                pools:
                  vault: { host: beta, disks: [d1], datasets: { backups: { mountpoint: /srv/backups } } }
                  {{pools}}
            roles:
              store: { mounts: [ { path: /srv/backups, dataset: vault/backups, export: true } ] }
              client: { mounts: [ {{mounts}} ] }
            constellations:
              app:
                machines:
                  beta: { hostConfig: { nfs: { role: store } } }
                  alpha: { hostConfig: { backups: { role: client } } }
            """);

    [Fact]
    public void AMountOfAnExportedDatasetIsClean() =>
        Mounting("{ path: /mnt/backups, dataset: vault/backups }").Compile().Diagnostics.Clean();

    [Fact]
    public void AMountOfADatasetNobodyExportsIsReportedAtTheDataset()
    {
        var d = Mounting("{ path: /mnt/media, dataset: vault/media }").Compile().Diagnostics.Single("EL9222");
        Assert.Equal("vault/media", SpanText.Of(d));
        Assert.Contains("no pool in cadaster.storage.pools has a dataset 'vault/media'", d.Message);
        Assert.Contains("'alpha' cannot mount it", d.Message);
    }

    [Fact]
    public void AnExportOfADatasetOnAnotherMachinesPoolIsReported()
    {
        var d = Mounting("{ path: /srv/backups, dataset: vault/backups, export: true }").Compile().Diagnostics
            .Where(x => x.Code == "EL9222").Single(x => x.Message.Contains("'backups'", StringComparison.Ordinal));
        Assert.Contains("is on pool 'vault' of 'beta', not on 'alpha'", d.Message);
    }
}
