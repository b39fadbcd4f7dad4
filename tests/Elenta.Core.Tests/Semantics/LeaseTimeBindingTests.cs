using Elenta.Core.Tests.Analysis;

namespace Elenta.Core.Tests.Semantics;

/// <summary>A network's lease time is read when the network is bound: check reports a bad one, the model carries seconds.</summary>
public class LeaseTimeBindingTests
{
    private static TestSite WithLease(string leaseTime) => TestSite.Minimal()
        .File("networks.yaml", $$"""
            networks:
              lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2],
                     dhcp: { server: alpha, from: 10.0.0.100, to: 10.0.0.199, leaseTime: "{{leaseTime}}" } }
            """);

    [Theory]
    [InlineData("soon", "a duration")]
    [InlineData("30s", "at least 120 seconds")]
    public void CheckReportsABadLeaseTimeAtItsValue(string leaseTime, string expected)
    {
        var error = WithLease(leaseTime).Compile().Diagnostics.Single("EL2004");
        Assert.True(error.IsError);
        Assert.EndsWith("networks.yaml", error.Location.File(), StringComparison.Ordinal);
        Assert.Equal(3, error.Location!.Value.Start.Line);
        Assert.Equal($"\"{leaseTime}\"", SpanText.Of(error));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("12h", error.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNetworkCarriesTheParsedLeaseTime()
    {
        var compilation = WithLease("1h30m").Compile();
        compilation.Diagnostics.Clean();
        var lease = compilation.Site!.Networks["lab"]!.Dhcp!.LeaseTime;
        Assert.Equal(5400, lease.Seconds);
        Assert.Equal("1h30m", lease.Text);
        Assert.Equal(lease, compilation.Site.Networks["lab"]!.DhcpService!.LeaseTime);
    }

    [Fact]
    public void ANetworkWithoutAPoolStillLeasesItsReservationsForItsLeaseTime()
    {
        var compilation = TestSite.Minimal().File("networks.yaml", """
            networks:
              lab: { cidr: 10.0.0.0/24, dhcp: { server: alpha, leaseTime: 2h } }
            """).Compile();
        compilation.Diagnostics.Clean();
        Assert.Null(compilation.Site!.Networks["lab"]!.Dhcp);
        Assert.Equal(7200, compilation.Site.Networks["lab"]!.DhcpService!.LeaseTime.Seconds);
        var plan = Assert.Single(Elenta.Core.Emit.Dhcp.DhcpScopes.Of(compilation.Resolved!));
        Assert.Equal(7200, plan.LeaseSeconds);
    }

    [Fact]
    public void WithoutALeaseTimeThePoolLeasesForTwelveHours() =>
        Assert.Equal(43200, TestSite.Minimal().Compile().Site!.Networks["lab"]!.Dhcp!.LeaseTime.Seconds);
}
