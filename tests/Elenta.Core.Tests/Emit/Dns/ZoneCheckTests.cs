
namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>Every generated zone is accepted by NSD's and BIND's own zone checkers.</summary>
public class ZoneCheckTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    [Fact]
    public void EmeraldCityZonesPassNsdAndBindChecks() => CheckAll(DnsTestSites.EmeraldCity().Compile(), 4);

    [Fact]
    public void Rfc2317SiteZonesPassNsdAndBindChecks() => CheckAll(DnsTestSites.Rfc2317().Compile(), 5);

    private static void CheckAll(Compilation compilation, int expectedZones)
    {
        var zones = DnsTestSites.Zones(DnsTestSites.Build(compilation, Today)).ToList();
        Assert.Equal(expectedZones, zones.Count);
        var dir = Directory.CreateTempSubdirectory("elenta-zones-");
        try
        {
            foreach (var (origin, text) in zones)
            {
                var file = Path.Combine(dir.FullName, origin + ".zone");
                File.WriteAllText(file, text);
                NsdTools.CheckZone(origin, file).AssertOk($"nsd-checkzone {origin}\n{text}");
                NsdTools.NamedCheckZone(origin, file).AssertOk($"named-checkzone {origin}\n{text}");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
