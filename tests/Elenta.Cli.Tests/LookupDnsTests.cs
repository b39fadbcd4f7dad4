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
