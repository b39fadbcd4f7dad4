namespace Elenta.Core.Tests.Analysis.Addressing;

/// <summary>EL4015: a network in a range whose addresses no machine can have on a link.</summary>
public class UnusableNetworkRangeTests
{
    private static IReadOnlyList<Elenta.Core.Diagnostics.Diagnostic> Check(string cidr) =>
        TestSite.Minimal().File("odd.yaml", $"networks:\n  odd: {{ cidr: \"{cidr}\" }}\n").Compile().Diagnostics;

    [Theory]
    [InlineData("127.0.0.0/8", "is in 127.0.0.0/8, the loopback range")]
    [InlineData("127.1.2.0/24", "is in 127.0.0.0/8, the loopback range")]
    [InlineData("0.0.0.0/8", "is in 0.0.0.0/8, the \"this network\" range")]
    [InlineData("224.0.1.0/24", "is in 224.0.0.0/4, the multicast range")]
    [InlineData("240.0.0.0/8", "is in 240.0.0.0/4, the reserved range")]
    [InlineData("255.255.255.255/32", "is in 240.0.0.0/4, the reserved range (RFC 1112) that holds the limited broadcast")]
    [InlineData("0.0.0.0/0", "is over 0.0.0.0/8")]
    [InlineData("::1/128", "is in ::1/128, the loopback address")]
    [InlineData("ff02::/16", "is in ff00::/8, the multicast range")]
    [InlineData("::ffff:10.0.0.0/120", "is in ::ffff:0:0/96, the IPv4-mapped range")]
    public void ANetworkWhereNoMachineCanLiveIsAnErrorAtItsCidr(string cidr, string says)
    {
        var d = Check(cidr).Single("EL4015");
        Assert.True(d.IsError);
        Assert.Equal("odd.yaml", Path.GetFileName(d.Location.File()));
        Assert.Equal($"\"{cidr}\"", SpanText.Of(d));
        Assert.StartsWith($"network 'odd' ({cidr}) ", d.Message, StringComparison.Ordinal);
        Assert.Contains(says, d.Message, StringComparison.Ordinal);
        Assert.Contains(cidr.Contains(':') ? "fd00:10::/64" : "192.168.0.0/16", d.Help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.168.1.0/24")]
    [InlineData("169.254.0.0/16")] // link-local: odd for a site, but machines live there
    [InlineData("198.51.100.0/24")] // documentation: public-looking, routable on a lab's own link
    [InlineData("100.64.0.0/10")]
    [InlineData("fd00:10::/64")]
    [InlineData("2001:db8::/64")]
    [InlineData("fe80::/64")]
    [InlineData("223.255.255.0/24")] // the last unicast /24 below multicast
    public void AnyOtherRangeIsFine(string cidr) => Check(cidr).None("EL4015");
}
