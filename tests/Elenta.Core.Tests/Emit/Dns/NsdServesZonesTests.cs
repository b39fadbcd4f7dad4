using Elenta.Core.Emit.Dns;

namespace Elenta.Core.Tests.Emit.Dns;

/// <summary>A real NSD, configured with the generated nsd.conf fragment, answers what the site says.</summary>
public class NsdServesZonesTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    private static (string Fragment, Dictionary<string, string> Files) Install(Dictionary<string, string> artifacts, string server)
    {
        var files = DnsTestSites.Zones(artifacts).ToDictionary(z => $"{NsdConf.ZoneDirectory}/{z.Origin}.zone", z => z.Text);
        return (artifacts[$"dns/nsd/{server}.nsd.conf"], files);
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
        Assert.Equal(["toto.canon."], nsd.Query("emerald.city", "NS"));
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

    [Fact]
    public void FragmentPassesNsdCheckconf()
    {
        var artifacts = DnsTestSites.Build(DnsTestSites.EmeraldCity().Compile(), Today);
        var (fragment, files) = Install(artifacts, "toto");
        var dir = Directory.CreateTempSubdirectory("elenta-nsdconf-");
        try
        {
            foreach (var (relative, text) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir.FullName, relative))!);
                File.WriteAllText(Path.Combine(dir.FullName, relative), text);
            }

            var conf = Path.Combine(dir.FullName, "nsd.conf");
            File.WriteAllText(conf, NsdServer.Config(dir.FullName, 5353) + fragment);
            NsdTools.CheckConf(conf).AssertOk("nsd-checkconf\n" + File.ReadAllText(conf));
            var zoneNames = ExternalTool.Run("nsd-checkconf", "-o", "zones", conf);
            zoneNames.AssertOk("nsd-checkconf -o zones");
            Assert.Equal(["1.168.192.in-addr.arpa", "255.10.in-addr.arpa", "canon", "emerald.city"],
                zoneNames.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
