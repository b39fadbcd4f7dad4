using Elenta.Core.Emit.Dns;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Emit.Dns;

public class ReverseZoneTests
{
    private static IpNetwork Net(string cidr) => IpNetwork.TryParse(cidr, out var n, out _) ? n : throw new FormatException(cidr);

    [Theory]
    [InlineData("10.0.0.0/8", "10.in-addr.arpa")]
    [InlineData("10.255.0.0/16", "255.10.in-addr.arpa")]
    [InlineData("192.168.1.0/24", "1.168.192.in-addr.arpa")]
    [InlineData("198.51.100.64/26", "64-127.100.51.198.in-addr.arpa")]
    [InlineData("198.51.100.8/29", "8-15.100.51.198.in-addr.arpa")]
    [InlineData("2001:db8:1::/48", "1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    [InlineData("2001:db8:1:2::/64", "2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    public void OneZoneOnABoundaryOrBelowA24(string cidr, string origin) =>
        Assert.Equal(origin, Assert.Single(ReverseZone.For(Net(cidr))).Origin);

    [Fact]
    public void NetworkBetweenBoundariesSplitsIntoTheNextBoundary()
    {
        var zones = ReverseZone.For(Net("10.16.0.0/20"));
        Assert.Equal(16, zones.Count);
        Assert.Equal("0.16.10.in-addr.arpa", zones[0].Origin);
        Assert.Equal("15.16.10.in-addr.arpa", zones[^1].Origin);
        Assert.Equal(["0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "1.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"],
            ReverseZone.For(Net("2001:db8:1::/63")).Select(z => z.Origin));
    }

    [Fact]
    public void OwnersAreRelativeToTheZone()
    {
        var ip = IpAddress.Parse("10.255.0.10");
        Assert.Equal("10.0", ReverseZone.For(Net("10.255.0.0/16"))[0].OwnerOf(ip));
        Assert.Equal("10", ReverseZone.For(Net("10.255.0.0/24"))[0].OwnerOf(ip));
        Assert.Equal("10", ReverseZone.For(Net("10.255.0.0/28"))[0].OwnerOf(ip));
        Assert.Equal("0.255.10.in-addr.arpa", ReverseZone.For(Net("10.255.0.0/28"))[0].ParentOrigin);
        Assert.Equal("10.0.255.10.in-addr.arpa.", ReverseZone.PointerName(ip));
    }
}
