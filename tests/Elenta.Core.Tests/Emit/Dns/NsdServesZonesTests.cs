using Elenta.Core.Emit.Dns;

namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>A real NSD, configured with the zone clauses of the generated nsd.conf, answers what the site says.</summary>
public class NsdServesZonesTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    private static (string Fragment, Dictionary<string, string> Files) Install(Dictionary<string, string> artifacts, string server)
    {
        var files = DnsTestSites.Zones(artifacts).ToDictionary(z => $"{NsdConf.ZoneDirectory}/{z.Origin}.zone", z => z.Text);
        return (NsdServer.ZoneClauses(artifacts[$"dns/nsd/{server}.nsd.conf"]), files);
    }

    [Fact]
    public void EmeraldCityAnswersFromRealNsd()
    {
        var artifacts = DnsTestSites.Build(DnsTestSites.EmeraldCity().Compile(), Today);
        var (fragment, files) = Install(artifacts, "toto");
        using var nsd = NsdServer.Start(new Dictionary<string, string>(), "canon", fragment, files);

        Assert.Equal(["10.255.0.10"], nsd.Query("toto.canon", "A"));
        Assert.Equal(["10.255.0.53"], nsd.Query("dns.toto.canon", "A"));
        Assert.Equal(["192.168.1.1"], nsd.Query("kansas.ifrit.canon", "A"));
        Assert.Equal(["10.255.0.61"], nsd.Query("drac.btg.canon", "A"));
        Assert.Equal(["toto.canon."], nsd.Query("10.0.255.10.in-addr.arpa", "PTR"));
        Assert.Equal(["drac.dragon-of-perdition.canon."], nsd.Query("51.0.255.10.in-addr.arpa", "PTR"));
        Assert.Equal(["barge.canon."], nsd.Query("jellyfin.emerald.city", "CNAME"));
        Assert.Equal(["nancy.canon."], nsd.Query("nfs.emerald.city", "CNAME"));
        Assert.Equal(["ifrit.canon.", "toto.canon."], nsd.Query("emerald.city", "NS").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ClasslessZoneAnswersFromRealNsd()
    {
        var artifacts = DnsTestSites.Build(DnsTestSites.Rfc2317().Compile(), Today);
        var (fragment, files) = Install(artifacts, "alpha");
        using var nsd = NsdServer.Start(new Dictionary<string, string>(), "canon", fragment, files);

        Assert.Equal(["beta.canon."], nsd.Query("71.64-127.100.51.198.in-addr.arpa", "PTR"));
        Assert.Equal(["six.alpha.canon."], nsd.Query("2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "PTR"));
        Assert.Equal(["alpha.canon."], nsd.Query("www.example.test", "CNAME"));
        Assert.Equal(["2001:db8:1::2"], nsd.Query("six.alpha.canon", "AAAA"));
    }

    [Theory]
    [InlineData("toto")]
    [InlineData("ifrit")]
    public void WholeNsdConfPassesNsdCheckconf(string server)
    {
        var artifacts = DnsTestSites.Build(DnsTestSites.EmeraldCity().Compile(), Today);
        var dir = Directory.CreateTempSubdirectory("elenta-nsdconf-");
        try
        {
            foreach (var (origin, text) in DnsTestSites.Zones(artifacts))
            {
                Directory.CreateDirectory(Path.Combine(dir.FullName, NsdConf.ZoneDirectory));
                File.WriteAllText(Path.Combine(dir.FullName, NsdConf.ZoneDirectory, origin + ".zone"), text);
            }

            // The key is a secret the build does not make: a stand-in with the name nsd.conf expects.
            var key = new TsigKey("toto", "ifrit");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "keys"));
            File.WriteAllText(Path.Combine(dir.FullName, "keys", key.Name + ".key"), key.Render(Convert.ToBase64String(new byte[32])));

            // Only paths are rewritten, from the machine's to this directory's.
            var conf = artifacts[$"dns/nsd/{server}.nsd.conf"]
                .Replace(TsigKey.TargetDirectory, Path.Combine(dir.FullName, "keys"), StringComparison.Ordinal)
                .Replace(NsdConf.SecondaryDirectory, Path.Combine(dir.FullName, "secondary"), StringComparison.Ordinal)
                .Replace($"\"{NsdConf.ZonesDir}", $"\"{dir.FullName}", StringComparison.Ordinal);
            var path = Path.Combine(dir.FullName, "nsd.conf");
            File.WriteAllText(path, conf);
            NsdTools.CheckConf(path).AssertOk("nsd-checkconf\n" + conf);
            var zoneNames = ExternalTool.Run("nsd-checkconf", "-o", "zones", path);
            zoneNames.AssertOk("nsd-checkconf -o zones");
            Assert.Equal(["1.168.192.in-addr.arpa", "255.10.in-addr.arpa", "canon", "emerald.city"],
                zoneNames.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            Assert.Equal(server == "toto" ? "10.255.0.10" : "10.255.0.1", ExternalTool.Run("nsd-checkconf", "-o", "ip-address", path).Output.Trim());
            Assert.Equal(server == "toto" ? "10.255.0.1 toto.ifrit.elenta-tsig" : "10.255.0.10 toto.ifrit.elenta-tsig",
                ExternalTool.Run("nsd-checkconf", "-z", "canon", "-o", server == "toto" ? "provide-xfr" : "request-xfr", path).Output.Trim());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
