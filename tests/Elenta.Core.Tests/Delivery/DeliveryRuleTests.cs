using Elenta.Core.Tests.Analysis;

namespace Elenta.Core.Tests.Delivery;

/// <summary>EL8501 (a file nobody receives) and EL8502 (a DHCP server that cannot serve its network).</summary>
public class DeliveryRuleTests
{
    [Fact]
    public void ADhcpNetworkWithoutAServerIsReportedAtItsDhcpBlock()
    {
        var d = TestSite.Minimal()
            .File("networks.yaml", "networks:\n  lab: { cidr: 10.0.0.0/24, dhcp: { from: 10.0.0.100, to: 10.0.0.199 } }\n")
            .Compile().Diagnostics.Single("EL8501");
        Assert.Equal("dhcp", SpanText.Of(d));
        Assert.Contains("networks.lab.dhcp.server", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void ANetbootStoreWithoutAServerIsReported()
    {
        var d = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\nnetbootStore: { path: /srv/netboot, baseUrl: http://alpha.canon/netboot }\n")
            .File("boot.yaml", "cadaster: { compute: { beta: { boot: { mode: netboot, firmware: uefi } } } }\n")
            .Compile().Diagnostics.Single("EL8501");
        Assert.Equal("netbootStore", SpanText.Of(d));
    }

    [Theory]
    [InlineData("metrics: [ { port: 9100, job: node } ]", "prometheus")]
    [InlineData("dashboard: [ { title: Web } ]", "dashboard")]
    public void ContributionsWithoutAProviderAreReportedAndAProviderSettlesThem(string contribution, string service)
    {
        TestSite Site(string provider) => TestSite.Minimal().File("extra.yaml", $$"""
            roles:
              web: { {{contribution}} }
              database: { {{provider}} }
            """);
        var d = Site(string.Empty).Compile().Diagnostics.Single("EL8501");
        Assert.Contains($"provides: [{service}]", d.Help, StringComparison.Ordinal);
        Assert.Contains("'web'", d.Message, StringComparison.Ordinal);
        DiagnosticAssertions.Clean(Site($"provides: [{service}]").Compile().Diagnostics);
    }

    [Fact]
    public void AServerWithDriverNoneReceivesNothingAndSaysSo()
    {
        var d = TestSite.Minimal()
            .File("none.yaml", "cadaster: { compute: { alpha: { driver: none } } }\n")
            .Compile().Diagnostics.Single("EL8501");
        Assert.Contains("driver: none", d.Message, StringComparison.Ordinal);
        Assert.Equal("alpha", SpanText.Of(d));
    }

    [Fact]
    public void ADhcpServerWithoutAnAddressOnTheNetworkIsAnError()
    {
        var d = TestSite.Minimal()
            .File("more.yaml", """
                networks:
                  other: { cidr: 10.9.0.0/24, dhcp: { server: alpha, from: 10.9.0.100, to: 10.9.0.199 } }
                """)
            .Compile().Diagnostics.Single("EL8502");
        Assert.True(d.IsError);
        Assert.Equal("alpha", SpanText.Of(d));
        Assert.Contains("no address on it", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneServerWithTwoDaemonsIsAnError()
    {
        var d = TestSite.Minimal()
            .File("more.yaml", """
                networks:
                  other: { cidr: 10.9.0.0/24, dhcp: { server: alpha, daemon: kea } }
                cadaster: { compute: { alpha: { interfaces: { eth1: { mac: "02:00:00:00:00:09" } }, canon: { other: { ip: 10.9.0.2, interface: eth1 } } } } }
                """)
            .Compile().Diagnostics.Single("EL8502");
        Assert.Equal("kea", SpanText.Of(d));
        Assert.Contains("port 67", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APoolWithOneEndIsAnErrorAndAnUnknownServerIsSuggested()
    {
        var diagnostics = TestSite.Minimal()
            .File("networks.yaml", "networks:\n  lab: { cidr: 10.0.0.0/24, dhcp: { server: alpah, from: 10.0.0.100 } }\n")
            .Compile().Diagnostics;
        Assert.Contains("to", diagnostics.Single("EL2003").Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'alpha'", diagnostics.Single(d => d.Message.Contains("'alpah'", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }
}
