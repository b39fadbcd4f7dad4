using Elenta.Core.Emit.Dns;

namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>SOA serials are YYYYMMDDnn and move only when a zone's content does.</summary>
public class SerialTests
{
    private static readonly DateOnly Day1 = new(2026, 5, 11);
    private static readonly DateOnly Day2 = new(2026, 5, 12);

    private static Compilation Site(string apexAddress = "10.255.0.53") =>
        DnsTestSites.EmeraldCity().File("domains.yaml", $$"""
            domains:
              emerald.city:
                nameservers: [toto]
                records:
                  "@": { A: {{apexAddress}} }
                  ns1: { A: 10.255.0.53 }
            """).Compile();

    [Fact]
    public void FirstBuildUsesTodaysFirstSerial()
    {
        var build = DnsTestSites.Build(Site(), Day1);
        Assert.All(DnsTestSites.Zones(build), z => Assert.Equal(2026051100u, DnsTestSites.Serial(z.Text)));
    }

    [Fact]
    public void UnchangedZonesKeepSerialAndBytes()
    {
        var first = DnsTestSites.Build(Site(), Day1);
        var again = DnsTestSites.Build(Site(), Day2, previous: first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void ChangedZoneGetsNextSerialOthersUntouched()
    {
        var first = DnsTestSites.Build(Site(), Day1);
        var second = DnsTestSites.Build(Site("10.255.0.54"), Day1, previous: first);
        Assert.Equal(2026051101u, DnsTestSites.Serial(second["dns/zones/emerald.city.zone"]));
        Assert.Contains("@            IN A 10.255.0.54", second["dns/zones/emerald.city.zone"]);
        foreach (var path in first.Keys.Where(p => p is not "dns/zones/emerald.city.zone" and not "dns/serials.json"))
        {
            Assert.Equal(first[path], second[path]);
        }

        var third = DnsTestSites.Build(Site("10.255.0.55"), Day1, previous: second);
        Assert.Equal(2026051102u, DnsTestSites.Serial(third["dns/zones/emerald.city.zone"]));
    }

    [Fact]
    public void ALostZoneFileDoesNotTakeItsSerialBack()
    {
        var first = DnsTestSites.Build(Site(), Day1);
        var second = DnsTestSites.Build(Site("10.255.0.54"), Day1, previous: first);
        Assert.Equal(2026051101u, DnsTestSites.Serial(second["dns/zones/emerald.city.zone"]));
        Assert.Contains("\"emerald.city\": 2026051101", second["dns/serials.json"]);
        var withoutZone = second.Where(kv => kv.Key != "dns/zones/emerald.city.zone").ToDictionary(kv => kv.Key, kv => kv.Value);
        var third = DnsTestSites.Build(Site("10.255.0.54"), Day1, previous: withoutZone);
        Assert.Equal(2026051102u, DnsTestSites.Serial(third["dns/zones/emerald.city.zone"]));
    }

    [Fact]
    public void ChangeOnALaterDayMovesTheDatePart()
    {
        var first = DnsTestSites.Build(Site(), Day1);
        var second = DnsTestSites.Build(Site("10.255.0.54"), Day2, previous: first);
        Assert.Equal(2026051200u, DnsTestSites.Serial(second["dns/zones/emerald.city.zone"]));
        Assert.Equal(2026051100u, DnsTestSites.Serial(second["dns/zones/canon.zone"]));
    }

    [Fact]
    public void SerialOptionIsUsedForEveryZone()
    {
        var first = DnsTestSites.Build(Site(), Day1);
        var fixedBuild = DnsTestSites.Build(Site(), Day1, previous: first, serial: 42);
        Assert.All(DnsTestSites.Zones(fixedBuild), z => Assert.Equal(42u, DnsTestSites.Serial(z.Text)));
    }

    [Fact]
    public void WithoutPreviousBuildTheLiveSerialIsPassed()
    {
        var asked = new List<string>();
        var build = DnsTestSites.Build(Site(), Day1, live: zone =>
        {
            asked.Add(zone);
            return zone == "canon" ? 2026051107u : zone == "emerald.city" ? 2025010100u : null;
        });
        Assert.Equal(2026051108u, DnsTestSites.Serial(build["dns/zones/canon.zone"]));
        Assert.Equal(2026051100u, DnsTestSites.Serial(build["dns/zones/emerald.city.zone"]));
        Assert.Contains("255.10.in-addr.arpa", asked);

        asked.Clear();
        DnsTestSites.Build(Site(), Day1, previous: build, live: zone =>
        {
            asked.Add(zone);
            return null;
        });
        Assert.Empty(asked);
    }

    [Theory]
    [InlineData(2026051100u, 2026051101u)]
    [InlineData(2026051199u, 2026051200u)]
    [InlineData(2026010105u, 2026051100u)]
    [InlineData(2030010100u, 2030010101u)]
    [InlineData(4294967295u, 2026051100u)] // the top (a --serial once): today's comes after it, as RFC 1982 compares
    [InlineData(1u, 2026051100u)]
    [InlineData(3000000000u, 3000000001u)] // ahead of the calendar by less than half the space: one more
    public void ChangedContentNeverMovesTheSerialBackwards(uint old, uint expected)
    {
        static string Render(uint s) => $"x\n                {s} ; serial\ncontent\n";
        var previous = System.Text.Encoding.UTF8.GetBytes(Render(old).Replace("content", "old content", StringComparison.Ordinal));
        Assert.Equal(expected, SerialPolicy.Choose(Render, Day1, previous, () => null, null));
        Assert.Equal(old, SerialPolicy.Choose(Render, Day1, System.Text.Encoding.UTF8.GetBytes(Render(old)), () => null, null));
    }
}
