
namespace Elenta.Core.Tests.Analysis.Physical;

public class RackAndPowerTests
{
    private static TestSite Racked(int betaUnit, int switchUnit, int pduWatts) => TestSite.Minimal()
        .File("rack.yaml", $$"""
            cadaster:
              racks: { r1: { height: 10 } }
              power: { p1: { rack: r1, capacityWatts: {{pduWatts}} } }
              compute:
                alpha: { rack: { name: r1, unit: 3, height: 2 }, power: { pdu: p1, watts: 60 } }
                beta: { rack: { name: r1, unit: {{betaUnit}} }, power: { pdu: p1, watts: 50 } }
              network:
                switches:
                  sw: { ports: 8, rack: { name: r1, unit: {{switchUnit}}, height: 2 }, power: { pdu: p1, watts: 20 } }
            """);

    [Fact]
    public void TwoDevicesInOneUnitOverlap()
    {
        var d = Racked(betaUnit: 4, switchUnit: 8, pduWatts: 500).Compile().Diagnostics.Single("EL7001");
        Assert.Equal("4", SpanText.Of(d));
        Assert.Contains("host 'beta'", d.Message);
        Assert.Contains("host 'alpha'", d.Message);
        Assert.Equal(["3"], SpanText.Related(d));
    }

    [Fact]
    public void ADeviceAboveTheTopOfTheRackIsReported()
    {
        var d = Racked(betaUnit: 5, switchUnit: 10, pduWatts: 500).Compile().Diagnostics.Single("EL7002");
        Assert.Equal("10", SpanText.Of(d));
        Assert.Contains("units 10-11", d.Message);
        Assert.Equal(["10"], SpanText.Related(d));
    }

    [Fact]
    public void DevicesThatFitAreClean() => Racked(betaUnit: 5, switchUnit: 8, pduWatts: 500).Compile().Diagnostics.Clean();

    [Fact]
    public void DrawsAboveThePdusCapacityAreReported()
    {
        var d = Racked(betaUnit: 5, switchUnit: 8, pduWatts: 100).Compile().Diagnostics.Single("EL7003");
        Assert.Equal("100", SpanText.Of(d));
        Assert.Contains("130 W", d.Message);
        Assert.Equal(["60", "50", "20"], SpanText.Related(d));
    }
}
