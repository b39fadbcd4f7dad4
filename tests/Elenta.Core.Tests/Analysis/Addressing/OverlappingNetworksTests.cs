
namespace Elenta.Core.Tests.Analysis.Addressing;

public class OverlappingNetworksTests
{
    [Fact]
    public void ANetworkInsideAnotherIsReportedNamingBoth()
    {
        var d = TestSite.Minimal().File("more.yaml", """
            networks:
              dmz: { cidr: 10.0.0.128/25 }
            """).Compile().Diagnostics.Single("EL4004");
        Assert.EndsWith("more.yaml", d.Location.File());
        Assert.Equal("10.0.0.128/25", d.Location.Text());
        Assert.True(d.Names("networks.yaml", "10.0.0.0/24"));
    }

    [Fact]
    public void EachOverlapIsReportedOnceAndDisjointNetworksAreNot()
    {
        var diagnostics = TestSite.Minimal().File("more.yaml", """
            networks:
              wide: { cidr: 10.1.0.0/16 }
              a: { cidr: 10.1.1.0/24 }
              b: { cidr: 10.1.2.0/24 }
              apart: { cidr: 10.2.0.0/24 }
            """).Compile().Diagnostics;
        Assert.Equal(2, diagnostics.Count(d => d.Code == "EL4004"));
        Assert.All(diagnostics.Where(d => d.Code == "EL4004"), d => Assert.Contains("'wide'", d.Message));
    }

    [Fact]
    public void AdjacentNetworksAreClean() => TestSite.Minimal().File("more.yaml", """
        networks:
          next: { cidr: 10.0.1.0/24 }
        """).Compile().Diagnostics.None("EL4004");
}
