using System.Text.Json.Nodes;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary><c>elenta lookup</c> against a real DNS server (dnsmasq on loopback).</summary>
public class LookupDnsTests
{
    private const string Site = "examples/emerald-city";

    [Fact]
    public void AgreesWhenDnsMatchesTheCadaster()
    {
        using var dns = new Dnsmasq(("toto.canon", "10.255.0.10"));
        var r = CliRunner.InRepo("lookup", "toto", "--site", Site, "--dns-server", dns.Endpoint);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains($"DNS (127.0.0.1:{dns.Port}): toto.canon is 10.255.0.10, as the cadaster says", r.Out);
    }

    [Fact]
    public void SaysWhenDnsDisagrees()
    {
        using var dns = new Dnsmasq(("kansas.ifrit.canon", "192.168.1.254"));
        var r = CliRunner.InRepo("lookup", "kansas.ifrit.canon", "--site", Site, "--dns-server", dns.Endpoint, "--format", "json");
        Assert.Equal(2, r.ExitCode);
        var json = JsonNode.Parse(r.Out)!;
        Assert.False(json["dns"]!["agrees"]!.GetValue<bool>());
        Assert.Equal("192.168.1.254", json["dns"]!["answers"]![0]!.GetValue<string>());
        Assert.Equal("192.168.1.1", json["cadaster"]![0]!["ip"]!.GetValue<string>());
    }

    [Fact]
    public void SaysPlainlyWhenNoServerAnswersAndHowToServeTheZones()
    {
        var port = Dnsmasq.FreePort(); // nothing listens there
        var r = CliRunner.InRepo("lookup", "toto", "--site", Site, "--dns-server", $"127.0.0.1:{port}");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"DNS (127.0.0.1:{port}): no DNS server answered", r.Out);
        Assert.Contains("the cadaster says 10.255.0.10", r.Out);
        Assert.Contains("--no-dns", r.Out);
        Assert.Contains("docs/dns.md", r.Out);
        Assert.DoesNotContain("timed out or is a transient error", r.Out);
        var json = JsonNode.Parse(CliRunner.InRepo("lookup", "toto", "--site", Site, "--dns-server", $"127.0.0.1:{port}", "--format", "json").Out)!;
        Assert.False(json["dns"]!["answered"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("1")] // 0.0.0.1 to inet_aton
    [InlineData("10.1")]
    [InlineData("127.1:5353")]
    [InlineData("010.0.0.1")] // 8.0.0.1
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.0.0.256")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:+53")]
    [InlineData("127.0.0.1:")]
    [InlineData(" 127.0.0.1")]
    [InlineData("[127.0.0.1]:53")]
    [InlineData("[::1]5353")]
    [InlineData("[::1")]
    [InlineData("fe80::1%1")]
    [InlineData("toto.canon")]
    public void RefusesAServerThatIsNotADottedDecimalOrIpv6Address(string server)
    {
        var r = CliRunner.InRepo("lookup", "toto", "--site", Site, "--dns-server", server);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"elenta: '{server}' is not ADDRESS or ADDRESS:PORT: an IPv4 address in four decimal numbers", r.Err);
        Assert.Equal(string.Empty, r.Out); // nothing was asked
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("0.0.0.0:65535", "0.0.0.0:65535")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[::1]", "[::1]:53")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    [InlineData("[fd00::10]:1", "[fd00::10]:1")]
    public void ReadsADnsServerAsASiteWritesItsAddress(string server, string endpoint)
    {
        Assert.True(Hosting.DnsServerAddress.TryParse(server, out var parsed));
        Assert.Equal(endpoint, parsed.ToString());
    }

    [Fact]
    public void SaysWhenDnsHasNoAnswer()
    {
        using var dns = new Dnsmasq(("other.canon", "10.0.0.1"));
        var r = CliRunner.InRepo("lookup", "nancy", "--site", Site, "--dns-server", dns.Endpoint);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no answer for nancy.canon", r.Out);
        Assert.Contains("the cadaster says 10.255.0.20", r.Out);
    }
}
