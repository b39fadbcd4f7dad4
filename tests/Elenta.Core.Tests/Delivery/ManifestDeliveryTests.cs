using Elenta.Core.Emit;
using Elenta.Core.Model;

namespace Elenta.Core.Tests.Delivery;

/// <summary>
/// emerald-city's manifest as a delivery plan: every file's receivers, checked against what the
/// site itself says about who serves what, not against a list written down here.
/// </summary>
public class ManifestDeliveryTests
{
    private static readonly Lazy<(Compilation Compilation, BuildResult Result)> Built = new(() =>
    {
        var compilation = ExampleSites.Compile("emerald-city");
        var context = ExampleSites.EmitContext("emerald-city");
        var result = BuildPipeline.Build(compilation, _ => context with { Resolved = compilation.Resolved! });
        Assert.False(result.HasErrors, DiagnosticAssertions.Describe(result.Diagnostics));
        return (compilation, result);
    });

    private static Site Site => Built.Value.Compilation.Site!;

    private static IReadOnlyList<Artifact> Files => Built.Value.Result.Artifacts.Where(a => a.Path != Manifest.Path).ToList();

    private static bool Managed(string machine) => Site.Cadaster.Hosts[machine] is not { Driver: DriverKind.None };

    [Fact]
    public void EveryZoneGoesToTheServersTheSiteNamesForIt()
    {
        var zones = Files.Where(a => a.Path.StartsWith("dns/zones/", StringComparison.Ordinal) && a.Path.EndsWith(".zone", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(zones);
        foreach (var zone in zones)
        {
            var origin = Path.GetFileNameWithoutExtension(zone.Path);
            var servers = Site.Domains[origin] is { Nameservers.Count: > 0 } domain ? domain.Nameservers : Site.Settings.Dns.Servers;
            Assert.Equal(servers.Order(StringComparer.Ordinal), zone.Machines);
            Assert.Equal($"/etc/nsd/elenta/{origin}.zone", zone.Delivery!.Target);
            Assert.Equal([$"nsd-control reload {origin}"], zone.Delivery.After);

            // Each of those servers also gets an nsd.conf that names the zone.
            foreach (var server in zone.Machines)
            {
                var conf = Files.Single(a => a.Path == $"dns/nsd/{server}.nsd.conf");
                Assert.Equal([server], conf.Machines);
                Assert.Contains($"name: \"{origin}\"", System.Text.Encoding.UTF8.GetString(conf.Content));
            }
        }
    }

    [Fact]
    public void EachNetworksDhcpConfigurationGoesToItsServer()
    {
        var served = Site.Networks.Where(n => n.DhcpService is not null).ToList();
        Assert.NotEmpty(served);
        foreach (var network in served)
        {
            var file = Files.Single(a => a.Path == $"dhcp/dnsmasq/{network.Name}.conf");
            Assert.Equal([network.DhcpService!.Server!], file.Machines);
            Assert.Equal(["systemctl restart dnsmasq"], file.Delivery!.After);
        }
    }

    [Fact]
    public void TheNetbootStoreGoesToItsServerNotToTheBootingMachines()
    {
        var store = Site.Settings.NetbootStore!;
        var netboot = Files.Where(a => a.Family == "netboot").ToList();
        Assert.NotEmpty(netboot);
        Assert.All(netboot, a => Assert.Equal([store.Server!], a.Machines));
        var server = netboot.Single(a => a.Path.StartsWith("netboot/_server/", StringComparison.Ordinal));
        Assert.Equal("/etc/nginx/conf.d/elenta-netboot-store.conf", server.Delivery!.Target);
        Assert.All(netboot.Where(a => a != server), a => Assert.StartsWith(store.Path + "/", a.Delivery!.Target, StringComparison.Ordinal));
    }

    [Fact]
    public void PrometheusAndTheDashboardGoWhereARoleProvidingThemIsPlaced()
    {
        foreach (var (family, service) in new[] { ("monitoring", SiteService.Prometheus), ("dashboard", SiteService.Dashboard) })
        {
            var roles = Site.Roles.Where(r => r.Provides.Contains(service)).Select(r => r.Name).ToHashSet();
            var expected = Site.Constellations.SelectMany(c => c.Instances).Where(i => roles.Contains(i.Role))
                .Select(i => i.Kind == InstanceKind.Host ? i.Host : i.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            var files = Files.Where(a => a.Family == family).ToList();
            Assert.NotEmpty(files);
            Assert.All(files, a => Assert.Equal(expected, a.Machines));
        }
    }

    [Fact]
    public void KnownHostsGoesToEveryManagedMachineAndEachViewToItsOwn()
    {
        var machines = Built.Value.Compilation.Resolved!.Machines.Select(m => m.Name).ToList();
        var knownHosts = Files.Single(a => a.Path == "ssh/known_hosts");
        Assert.Equal(machines.Where(Managed).Order(StringComparer.Ordinal), knownHosts.Machines);
        Assert.Contains(machines, m => !Managed(m)); // the example has one: the check above is not vacuous
        foreach (var machine in machines)
        {
            var view = Files.Single(a => a.Path == $"views/{machine}.json");
            Assert.Equal(Managed(machine) ? [machine] : [], view.Machines);
        }
    }

    [Fact]
    public void PerMachineFamiliesGoToTheMachineTheyAreFor()
    {
        foreach (var file in Files.Where(a => a.Family is "proxy" or "vms" or "disks" or "files"))
        {
            // proxy/MACHINE/..., vms/HOST/..., disks/HOST/..., files/MACHINE/...
            var machine = file.Path.Split('/')[1];
            Assert.Equal([machine], file.Machines);
        }

        var vm = Site.Constellations.SelectMany(c => c.Instances).First(i => i.Kind == InstanceKind.Vm);
        Assert.Equal([vm.Host], Files.Single(a => a.Path == $"vms/{vm.Host}/{vm.Name}.xml").Machines);
    }

    [Fact]
    public void OnlyBuildStateAndHandOffsAreUndeliveredAndEveryTargetIsAbsoluteAndUniquePerMachine()
    {
        var undelivered = Files.Where(a => a.Delivery is null).Select(a => a.Path).ToList();
        Assert.All(undelivered, p => Assert.True(p == "dns/serials.json" || p.EndsWith(".rfc2317-delegation", StringComparison.Ordinal)
            || (p.StartsWith("views/", StringComparison.Ordinal) && !Managed(Path.GetFileNameWithoutExtension(p))), p));
        var seen = new HashSet<(string, string)>();
        foreach (var file in Files.Where(a => a.Delivery is not null))
        {
            Assert.StartsWith("/", file.Delivery!.Target, StringComparison.Ordinal);
            Assert.Matches("^0[0-7]{3}$", file.Delivery.Mode);
            Assert.NotEmpty(file.Machines);
            foreach (var machine in file.Machines)
            {
                Assert.True(seen.Add((machine, file.Delivery.Target)), $"{machine} receives two files at {file.Delivery.Target}");
            }
        }
    }

    [Fact]
    public void TheManifestReadsBackAsTheBuildMadeIt()
    {
        var result = Built.Value.Result;
        var manifest = Manifest.Read(result.Artifacts[^1].Content);
        Assert.NotNull(manifest);
        Assert.Equal("emerald-city", manifest.Site);
        Assert.Equal(Files.Count, manifest.Entries.Count);
        foreach (var (file, entry) in Files.Zip(manifest.Entries))
        {
            Assert.Equal(file.Path, entry.Path);
            Assert.Equal(file.Family, entry.Family);
            Assert.Equal(file.Sha256, entry.Sha256);
            Assert.Equal(file.Content.Length, entry.Bytes);
            Assert.Equal(file.Delivery, entry.Delivery);
        }

        Assert.Equal(Files.Where(a => a.Machines.Contains("toto")).Select(a => a.Path), manifest.For("toto").Select(e => e.Path));
    }
}
