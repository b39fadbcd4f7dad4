using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Values;

public class ValueTypeTests
{
    [Theory]
    [InlineData("8GiB", 8L << 30, "8GiB")]
    [InlineData("4TB", 4_000_000_000_000L, "4TB")]
    [InlineData("1800MiB", 1800L << 20, "1800MiB")]
    [InlineData("1.5GiB", 3L << 29, "1536MiB")]
    [InlineData("512", 512L, "512B")]
    [InlineData("120GB", 120_000_000_000L, "120GB")]
    public void Sizes(string text, long bytes, string printed)
    {
        Assert.True(ByteSize.TryParse(text, out var size));
        Assert.Equal(bytes, size.Bytes);
        Assert.Equal(printed, size.ToString());
    }

    [Theory]
    [InlineData("8 GiBs")]
    [InlineData("-1GB")]
    [InlineData("GB")]
    [InlineData("99999999999PB")]
    public void BadSizes(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Fact]
    public void Networks()
    {
        Assert.True(IpNetwork.TryParse("10.255.0.0/16", out var n, out var hostBits));
        Assert.False(hostBits);
        Assert.Equal("10.255.255.255", n.Last.ToString());
        Assert.True(n.Contains(IpAddress.Parse("10.255.1.20")));
        Assert.False(n.Contains(IpAddress.Parse("10.254.1.20")));
        Assert.True(IpNetwork.TryParse("10.255.3.0/24", out var sub, out _));
        Assert.True(n.Overlaps(sub));
        Assert.True(IpNetwork.TryParse("fd00::/64", out var v6, out _));
        Assert.True(v6.Contains(IpAddress.Parse("fd00::1")));
        Assert.False(v6.Contains(IpAddress.Parse("10.0.0.1")));
        Assert.True(IpNetwork.TryParse("10.0.0.5/24", out _, out var bits));
        Assert.True(bits);
        Assert.False(IpNetwork.TryParse("10.0.0.0/33", out _, out _));
        Assert.False(IpAddress.TryParse("10.1", out _));
    }

    // IPAddress.Parse reads IPv4 as inet_aton does: 010 is octal (8), 0x0a hex, and 10.1 is 10.0.0.1.
    // A site writes dotted decimal only, so none of these may become some other address.
    [Theory]
    [InlineData("010.0.0.10")]
    [InlineData("10.0.0.010")]
    [InlineData("00.0.0.0")]
    [InlineData("10.0.0.00")]
    [InlineData("0x0a.0.0.10")]
    [InlineData("0x0a000010")]
    [InlineData("167772170")]
    [InlineData("10.1")]
    [InlineData("10.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("10.0.0.1.")]
    [InlineData(".10.0.0.1")]
    [InlineData("10..0.1")]
    [InlineData("+10.0.0.1")]
    [InlineData("10.-0.0.1")]
    [InlineData("10. 0.0.1")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1000")]
    [InlineData("10.0.0.99999999999")]
    [InlineData("\u0661\u0660.0.0.1")]
    public void Ipv4IsFourDecimalNumbersWithoutLeadingZeros(string text) => Assert.False(IpAddress.TryParse(text, out _));

    [Theory]
    [InlineData("010.0.0.0/24")]
    [InlineData("0x0a.0.0.0/24")]
    [InlineData("10.0.0.0/ 24")]
    [InlineData("10.0.0.0 /24")]
    [InlineData("10.0.0.0/+24")]
    [InlineData("10.0.0.0/-0")]
    [InlineData("10.0.0.0/024")]
    [InlineData("10.0.0.0/00")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/24/24")]
    [InlineData("10.1/16")]
    [InlineData("fd00::/064")]
    [InlineData("fd00::/129")]
    public void APrefixLengthIsPlainDecimalDigits(string text) => Assert.False(IpNetwork.TryParse(text, out _, out _));

    [Theory]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.100.200.0/32", "10.100.200.0/32")]
    [InlineData(" 10.0.0.0/24 ", "10.0.0.0/24")]
    [InlineData("fd00::/64", "fd00::/64")]
    [InlineData("fd00:0:0:0::/128", "fd00::/128")]
    [InlineData("::/0", "::/0")]
    public void StrictNetworksStillParse(string text, string printed)
    {
        Assert.True(IpNetwork.TryParse(text, out var network, out var hostBits));
        Assert.False(hostBits);
        Assert.Equal(printed, network.ToString());
    }

    // IPv6 goes through IPAddress as before (but for brackets): its text has no octal or shorthand reading.
    [Theory]
    [InlineData("fd00::10", true)]
    [InlineData("fd00::0010", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:010.0.0.1", false)]
    [InlineData("::ffff:0x0a.0.0.1", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("fe80::1%2", false)]
    [InlineData("fd00::1/64", false)]
    [InlineData(" fd00::10 ", true)]
    [InlineData("[fd00::10]", false)] // a URL's form: IPAddress takes it...
    [InlineData("[fd00::10]:80", false)] // ...and drops the port
    public void Ipv6ParsesAsBefore(string text, bool parses) => Assert.Equal(parses, IpAddress.TryParse(text, out _));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("10.1.41.102")]
    [InlineData("192.168.0.9")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("fe80::1:2:3:4")]
    public void AddressesPrintAsTheyAreWritten(string text)
    {
        var ip = IpAddress.Parse(text);
        Assert.Equal(System.Net.IPAddress.Parse(text).ToString(), ip.ToString());
        Assert.Equal(ip, IpAddress.Parse(ip.ToString()));
    }

    [Theory]
    [InlineData("AA:BB:CC:00:00:01")]
    [InlineData("aa-bb-cc-00-00-01")]
    [InlineData("aabb.cc00.0001")]
    [InlineData("aabbcc000001")]
    [InlineData("aabb-cc00-0001")] // as HPE switches print them
    [InlineData("aabb:cc00:0001")]
    public void Macs(string text)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal("aa:bb:cc:00:00:01", mac.ToString());
        Assert.Equal("aa-bb-cc-00-00-01", mac.ToDashed());
    }

    [Theory]
    [InlineData("aa:bb:cc:00:00")]
    [InlineData("aa:bb:cc:00:00:01:02")]
    [InlineData("aa:bb:cc:00:0001")]
    [InlineData("gg:bb:cc:00:00:01")]
    [InlineData("aa:bb:cc:00:00:0 1")]
    [InlineData("+abbcc000001")]
    [InlineData("")]
    [InlineData("aa:bbcc:dd:ee:ff:00")] // five separators, one out of place
    [InlineData("aa:bb-cc:00:00:01")] // two kinds
    [InlineData("aab.bcc0.00001")]
    [InlineData("aabb.cc00-0001")]
    [InlineData("aa.bb.cc.00.00.01")]
    [InlineData(":aabbcc:00:00:01")]
    public void NotMacs(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Theory]
    [InlineData("02:00:00:00:00:01", false, false)]
    [InlineData("aa:bb:cc:00:00:01", false, false)]
    [InlineData("00:00:00:00:00:00", false, false)]
    [InlineData("01:00:5e:00:00:01", true, false)]
    [InlineData("33:33:00:00:00:01", true, false)]
    [InlineData("ff:ff:ff:ff:ff:fe", true, false)]
    [InlineData("ff:ff:ff:ff:ff:ff", true, true)]
    public void GroupMacs(string text, bool multicast, bool broadcast)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(multicast, mac.IsMulticast);
        Assert.Equal(broadcast, mac.IsBroadcast);
    }

    [Fact]
    public void MacsPrintEveryDigit()
    {
        Assert.True(MacAddress.TryParse(" FF:FE:0a:B0:09:10 ", out var mac));
        Assert.Equal("ff:fe:0a:b0:09:10", mac.ToString());
        Assert.Equal("ff-fe-0a-b0-09-10", mac.ToDashed());
        Assert.Equal("00:00:00:00:00:00", default(MacAddress).ToString());
    }

    [Fact]
    public void WwnsAndPorts()
    {
        Assert.True(Wwn.TryParse("wwn-0x5000C500A1B2C3D4", out var wwn));
        Assert.Equal("/dev/disk/by-id/wwn-0x5000c500a1b2c3d4", wwn.ByIdPath);
        Assert.False(Wwn.TryParse("/dev/sda", out _));
        Assert.True(PortSpec.TryParse("udp/53", out var dns));
        Assert.Equal(Protocol.Udp, dns.Protocol);
        Assert.True(PortSpec.TryParse("8000-8010", out var range));
        Assert.True(range.Overlaps(new PortSpec(Protocol.Tcp, 8005, 8005)));
        Assert.False(range.Overlaps(new PortSpec(Protocol.Udp, 8005, 8005)));
        Assert.False(PortSpec.TryParse("sctp/1", out _));
        Assert.False(PortSpec.TryParse("0", out _));
    }
}
