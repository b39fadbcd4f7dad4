using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Values;

/// <summary>Addresses written into a span (the views do, to make no string) read exactly as their ToString.</summary>
public class ValueFormatTests
{
    public static TheoryData<string> Addresses => new()
    {
        "0.0.0.0", "255.255.255.255", "10.0.100.9", "192.168.1.10", "1.20.199.250",
        "::", "::1", "fe80::1", "2001:db8::8:800:200c:417a", "::ffff:1.2.3.4", "2001:db8:0:0:1:0:0:1",
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void AnAddressWrittenIntoASpanReadsAsItsText(string text)
    {
        Assert.True(IpAddress.TryParse(text, out var ip));
        Span<char> span = stackalloc char[IpAddress.MaxTextLength];
        Assert.Equal(ip.ToString(), new string(span[..ip.Format(span)]));
    }

    [Fact]
    public void EveryKindOfOctetIsWrittenAsToStringWritesIt()
    {
        var random = new Random(42);
        Span<char> span = stackalloc char[IpAddress.MaxTextLength];
        for (var i = 0; i < 10_000; i++)
        {
            var text = $"{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}";
            Assert.True(IpAddress.TryParse(text, out var ip));
            Assert.Equal(text, new string(span[..ip.Format(span)]));
        }
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("192.168.12.0/24")]
    [InlineData("10.1.2.3/32")]
    [InlineData("2001:db8::/32")]
    [InlineData("::/0")]
    public void ANetworkWrittenIntoASpanReadsAsItsText(string text)
    {
        Assert.True(IpNetwork.TryParse(text, out var network, out _));
        Span<char> span = stackalloc char[IpNetwork.MaxTextLength];
        Assert.Equal(network.ToString(), new string(span[..network.Format(span)]));
        Assert.Equal(text, network.ToString());
    }

    [Theory]
    [InlineData("52:54:00:12:34:56")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("ff:ff:ff:ff:ff:fe")]
    public void AMacWrittenIntoASpanReadsAsItsText(string text)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Span<char> span = stackalloc char[MacAddress.TextLength];
        Assert.Equal(text, new string(span[..mac.Format(span)]));
    }
}
