using Elenta.Core.Emit.Dhcp;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>Every DHCP file emerald-city compiles to is accepted by the program that will read it.</summary>
public class DhcpRealToolTests
{
    [Fact]
    public void EveryDnsmasqFragmentPassesDnsmasqTest()
    {
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), ExampleSites.Compile("emerald-city"));
        var fragments = artifacts.Where(a => a.Path.StartsWith("dhcp/dnsmasq/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(fragments);
        var dir = DhcpTools.NewTempDirectory();
        try
        {
            foreach (var fragment in fragments)
            {
                var file = DhcpTools.WriteTemp(dir, Path.GetFileName(fragment.Path), artifacts.Text(fragment.Path));
                var result = DhcpTools.DnsmasqTest(file);
                Assert.True(result.ExitCode == 0, $"{fragment.Path}: {result}");
                Assert.Contains("syntax check OK", result.Output);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// dnsmasq reads all of a server's fragments as one configuration, and refuses an option given
    /// twice where only one is allowed (emerald-city's ifrit serves two networks beside Unbound: one
    /// `port=0`, in the server's own fragment).
    /// </summary>
    [Fact]
    public void EachServersFragmentsTogetherPassDnsmasqTest()
    {
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), ExampleSites.Compile("emerald-city"));
        var byServer = artifacts.Where(a => a.Path.StartsWith("dhcp/dnsmasq/", StringComparison.Ordinal))
            .SelectMany(a => a.Delivery!.Machines.Select(m => (Machine: m, Artifact: a))).GroupBy(x => x.Machine).ToList();
        Assert.Contains(byServer, g => g.Key == "ifrit" && g.Count() == 3);
        foreach (var server in byServer)
        {
            var dir = DhcpTools.NewTempDirectory();
            try
            {
                foreach (var (_, fragment) in server)
                {
                    DhcpTools.WriteTemp(dir, Path.GetFileName(fragment.Delivery!.Target), artifacts.Text(fragment.Path));
                }

                var result = ExternalTool.Run("dnsmasq", "--test", "--conf-file=/dev/null", "--conf-dir=" + dir + ",*.conf");
                Assert.True(result.ExitCode == 0, $"{server.Key}'s fragments together: {result}");
                Assert.Single(server, f => artifacts.Text(f.Artifact.Path).Contains("\nport=0\n", StringComparison.Ordinal));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void DnsmasqTestRejectsABrokenFragment()
    {
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), ExampleSites.Compile("emerald-city"));
        var good = artifacts.Text("dhcp/dnsmasq/condorcet.conf");
        var dir = DhcpTools.NewTempDirectory();
        try
        {
            var broken = DhcpTools.WriteTemp(dir, "broken.conf", good + "dhcp-host=02:e1:00:00:00:99,not-an-address-or-name!,\n");
            Assert.NotEqual(0, DhcpTools.DnsmasqTest(broken).ExitCode);
            var unknown = DhcpTools.WriteTemp(dir, "unknown.conf", good + "dhcp-frobnicate=1\n");
            Assert.NotEqual(0, DhcpTools.DnsmasqTest(unknown).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void EveryKeaConfigPassesKeaTest()
    {
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), DhcpTools.EmeraldCityOnKea());
        var configs = artifacts.Where(a => a.Path.StartsWith("dhcp/kea/", StringComparison.Ordinal)).ToList();
        // One Kea per server: ifrit serves both networks, so one configuration holds both subnets.
        var kea = Assert.Single(configs);
        Assert.Equal(DhcpTools.EmeraldCityKea, kea.Path);
        Assert.Equal(["ifrit"], kea.Machines);
        Assert.Equal("/etc/kea/kea-dhcp4.conf", kea.Delivery!.Target);
        Assert.Equal(2, System.Text.Json.Nodes.JsonNode.Parse(kea.Content)!["Dhcp4"]!["subnet4"]!.AsArray().Count);
        Assert.DoesNotContain(artifacts, a => a.Path.StartsWith("dhcp/dnsmasq/", StringComparison.Ordinal));
        var dir = DhcpTools.NewTempDirectory();
        try
        {
            foreach (var config in configs)
            {
                var file = DhcpTools.WriteTemp(dir, Path.GetFileName(config.Path), artifacts.Text(config.Path));
                var result = DhcpTools.KeaTest(file);
                Assert.True(result.ExitCode == 0, $"{config.Path}: {result}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void KeaTestRejectsABrokenConfig()
    {
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), DhcpTools.EmeraldCityOnKea());
        var good = artifacts.Text(DhcpTools.EmeraldCityKea);
        var dir = DhcpTools.NewTempDirectory();
        try
        {
            // A class expression Kea cannot parse, and a reservation outside its subnet.
            var badExpression = DhcpTools.WriteTemp(dir, "expr.conf", good.Replace("option[93].hex == 0x0000", "option[93].hexx == 0x0000", StringComparison.Ordinal));
            Assert.NotEqual(good, File.ReadAllText(badExpression));
            Assert.NotEqual(0, DhcpTools.KeaTest(badExpression).ExitCode);
            var outside = DhcpTools.WriteTemp(dir, "outside.conf", good.Replace("\"ip-address\": \"10.255.0.70\"", "\"ip-address\": \"172.16.0.70\"", StringComparison.Ordinal));
            Assert.NotEqual(good, File.ReadAllText(outside));
            Assert.NotEqual(0, DhcpTools.KeaTest(outside).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("dnsmasq")]
    [InlineData("kea")]
    public void AReservationsOnlyNetworkAndANoNetbootSitePassBothTools(string daemon)
    {
        var compilation = Support.TestSite.Minimal()
            .File("static.yaml", $$"""
                networks:
                  storage: { cidr: 172.20.0.0/24, dns: [172.20.0.2], dhcp: { server: gamma, daemon: {{daemon}} } }
                cadaster:
                  compute:
                    gamma:
                      hardware: { cpus: 2, memory: 4GiB, disk: 100GB }
                      interfaces: { eth1: { mac: "02:00:00:00:00:03" } }
                      canon: { storage: { ip: 172.20.0.3, interface: eth1 } }
                """)
            .Compile();
        Assert.False(compilation.HasErrors, Support.DiagnosticAssertions.Describe(compilation.Diagnostics));
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);
        if (daemon == "dnsmasq")
        {
            var dnsmasq = artifacts.Text("dhcp/dnsmasq/storage.conf");
            Assert.Contains("dhcp-range=set:elenta-net-storage,172.20.0.0,static,255.255.255.0,43200\n", dnsmasq);
            Assert.DoesNotContain("dhcp-boot", dnsmasq);
        }
        else
        {
            var subnet = System.Text.Json.Nodes.JsonNode.Parse(artifacts.Text("dhcp/kea/gamma.kea-dhcp4.conf"))!["Dhcp4"]!["subnet4"]!.AsArray().Single()!;
            Assert.Equal("172.20.0.0/24", (string?)subnet["subnet"]);
            Assert.Null(subnet["pools"]);
        }

        var dir = DhcpTools.NewTempDirectory();
        try
        {
            foreach (var artifact in artifacts)
            {
                var file = DhcpTools.WriteTemp(dir, Path.GetFileName(artifact.Path), artifacts.Text(artifact.Path));
                var result = artifact.Path.StartsWith("dhcp/kea/", StringComparison.Ordinal) ? DhcpTools.KeaTest(file) : DhcpTools.DnsmasqTest(file);
                Assert.True(result.ExitCode == 0, $"{artifact.Path}: {result}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
