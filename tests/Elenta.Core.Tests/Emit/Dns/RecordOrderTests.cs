using Elenta.Core.Emit.Dns;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>The order zone records are written in, and the index that places a PTR in its most specific reverse zone.</summary>
public class RecordOrderTests
{
    private static IpNetwork Net(string cidr) => IpNetwork.TryParse(cidr, out var n, out _) ? n : throw new FormatException(cidr);

    [Fact]
    public void ApexFirstThenTreeOrderNumbersAsNumbersThenTypeThenData()
    {
        var records = new List<DnsRecord>
        {
            new("condorcet.ifrit", "A", "10.0.0.2"),
            new("10", "PTR", "b."),
            new("ifrit", "AAAA", "2001:db8::1"),
            new("Ifrit", "A", "10.0.0.9"),
            new("9", "PTR", "a."),
            new("@", "NS", "ns2."),
            new("ifrit", "A", "10.0.0.1"),
            new("@", "NS", "ns1."),
            new("2.9", "PTR", "c."),
            new("ifrit", "TYPE99", "x"),
            new("ifrit", "A", "10.0.0.0"),
        };

        var sorted = RecordOrder.Sort(records).Select(r => $"{r.Owner} {r.Type} {r.Data}");

        Assert.Equal(
            [
                "@ NS ns1.", "@ NS ns2.", "9 PTR a.", "2.9 PTR c.", "10 PTR b.", "Ifrit A 10.0.0.9",
                "ifrit A 10.0.0.0", "ifrit A 10.0.0.1", "ifrit AAAA 2001:db8::1", "ifrit TYPE99 x", "condorcet.ifrit A 10.0.0.2",
            ],
            sorted);
    }

    [Fact]
    public void LabelsCompareNumbersBeforeWordsAndWordsIgnoringCaseFirst()
    {
        Assert.True(LabelOrder.Compare("9", "10") < 0);
        Assert.True(LabelOrder.Compare("10", "a") < 0);
        Assert.True(LabelOrder.Compare("B", "a") > 0);
        Assert.True(LabelOrder.Compare("A", "a") < 0);
        Assert.True(LabelOrder.Compare("01", "1") < 0);
        Assert.Equal(0, LabelOrder.Compare("x", "x"));
    }

    [Fact]
    public void AnAddressGoesToTheLongestPrefixZoneThatCoversIt()
    {
        var zones = ReverseZone.For(Net("10.0.0.0/16")).Concat(ReverseZone.For(Net("10.0.1.64/26"))).Concat(ReverseZone.For(Net("2001:db8::/48"))).ToList();
        var index = new ReverseZoneIndex(zones);

        Assert.Equal("64-127.1.0.10.in-addr.arpa", index.MostSpecific(IpAddress.Parse("10.0.1.70"))?.Origin);
        Assert.Equal("0.10.in-addr.arpa", index.MostSpecific(IpAddress.Parse("10.0.1.10"))?.Origin);
        Assert.Equal("0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", index.MostSpecific(IpAddress.Parse("2001:db8::5"))?.Origin);
        Assert.Null(index.MostSpecific(IpAddress.Parse("10.1.0.1")));
        Assert.Null(index.MostSpecific(IpAddress.Parse("0.0.0.10")));
    }
}
