using System.Text.Json.Nodes;
using Elenta.Core.Emit.Dhcp;
using Elenta.Core.Emit.Netboot;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Tests.Emit.Netboot;

public class NetbootEmitterTests
{
    private static readonly string NetbootHosts = """
        cadaster:
          compute:
            beta:
              boot: { mode: netboot, firmware: bios, imageSize: 900MiB }
        """;

    [Fact]
    public void EveryMacOfEveryNetbootedHostGetsAnIpxeScriptInItsFolder()
    {
        var compilation = ExampleSites.Compile("emerald-city");
        var site = compilation.Site!;
        var store = site.Settings.NetbootStore!;
        var (artifacts, diagnostics) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        diagnostics.Clean();

        var netbooted = site.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Netboot).ToList();
        var macs = netbooted.SelectMany(h => h.Interfaces.Where(i => i.Mac is not null).Select(i => (Host: h, Mac: i.Mac!.Value))).ToList();
        Assert.True(macs.Count > netbooted.Count, "emerald-city has a netbooted host with several NICs");
        foreach (var (host, mac) in macs)
        {
            var path = $"netboot/{mac.ToDashed()}/boot.ipxe";
            var script = artifacts.Text(path);
            Assert.StartsWith("#!ipxe\n", script, StringComparison.Ordinal);
            Assert.Contains(host.Name, script);
            Assert.Contains(mac.ToString(), script);
            var artifact = artifacts.Single(a => a.Path == path);
            // The script lives on the store's server, which the booting machine fetches it from.
            Assert.Equal([store.Server!], artifact.Machines);
            Assert.Equal($"{store.Path}/{mac.ToDashed()}/boot.ipxe", artifact.Delivery!.Target);

            // The script boots from the folder of the MAC that carries the host's primary address.
            var imageMac = CarrierMac.Of(host, host.PrimaryAddress!.Interface)!.Value;
            Assert.Contains($"set elenta-image {store.BaseUrl}/{imageMac.ToDashed()}\n", script);
            Assert.Contains("chain ${elenta-image}/netboot.ipxe", script);
            Assert.Contains("kernel ${elenta-image}/bzImage initrd=initrd\n", script);
            Assert.Contains("initrd ${elenta-image}/initrd\n", script);
            Assert.EndsWith("boot\n", script, StringComparison.Ordinal);
        }

        var diskBooted = site.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Disk).SelectMany(h => h.Interfaces).Where(i => i.Mac is not null);
        Assert.All(diskBooted, i => Assert.DoesNotContain(artifacts, a => a.Path.Contains(i.Mac!.Value.ToDashed(), StringComparison.Ordinal)));
        Assert.Equal(macs.Count + 3, artifacts.Count); // plus menu.ipxe, index.json and the store's nginx server
    }

    [Fact]
    public void TheIndexListsEveryNetbootedMacWithMachineRolesAndImage()
    {
        var compilation = ExampleSites.Compile("emerald-city");
        var site = compilation.Site!;
        var (artifacts, _) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        var index = JsonNode.Parse(artifacts.Text("netboot/index.json"))!;
        var entries = index["macs"]!.AsArray().Select(e => e!).ToList();
        var expected = site.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Netboot)
            .SelectMany(h => h.Interfaces.Where(i => i.Mac is not null).Select(i => i.Mac!.Value.ToString()))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, entries.Select(e => (string)e["mac"]!).ToList());

        foreach (var entry in entries)
        {
            var host = site.Cadaster.Hosts[(string)entry["machine"]!]!;
            Assert.Equal(host.Boot.Firmware == Firmware.Bios ? "bios" : "uefi", (string?)entry["firmware"]);
            Assert.Equal(host.Interfaces[(string)entry["interface"]!]!.Mac.ToString(), (string?)entry["mac"]);
            Assert.Equal(host.Boot.ImageSize?.Bytes, (long?)entry["imageBytes"]);
            var roles = entry["roles"]!.AsArray().Select(r => (string)r!["role"]!).ToList();
            Assert.Equal(compilation.Resolved!.Machines[host.Name]!.Roles.Select(r => r.Role).ToList(), roles);
        }

        Assert.Contains(entries, e => ((JsonArray)e["roles"]!).Count > 0);
        Assert.Equal(site.Settings.NetbootStore!.Path, (string?)index["path"]);
    }

    [Fact]
    public void TheMenuOffersEachNetbootedMachineOnce()
    {
        var compilation = ExampleSites.Compile("emerald-city");
        var (artifacts, _) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        var menu = artifacts.Text("netboot/menu.ipxe");
        Assert.StartsWith("#!ipxe\n", menu, StringComparison.Ordinal);
        foreach (var host in compilation.Site!.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Netboot))
        {
            Assert.Single(menu.Split('\n'), l => l.StartsWith($"item elenta-{host.Name} ", StringComparison.Ordinal));
            Assert.Contains($":elenta-{host.Name}\nchain {compilation.Site.Settings.NetbootStore!.BaseUrl}/", menu);
        }

        Assert.DoesNotContain("elenta-nancy", menu);
    }

    [Fact]
    public void WithEl8009TurnedOffANetbootedHostWithoutAStoreGetsNothingAndNoComplaint()
    {
        // The check owns the store (EL8009); the emitter trusts it, and writes nothing without one.
        var compilation = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ncanonDomain: canon\nanalysis: { rules: { EL8009: off } }\n")
            .File("boot.yaml", NetbootHosts)
            .Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var (artifacts, diagnostics) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        diagnostics.Clean();
        Assert.Empty(artifacts);
    }

    [Fact]
    public void NetbootWithAStoreIsClean()
    {
        var compilation = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ncanonDomain: canon\nnetbootStore: { path: /srv/netboot, baseUrl: http://alpha.canon/netboot }\n")
            .File("boot.yaml", NetbootHosts)
            .Compile();
        var (artifacts, diagnostics) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        diagnostics.Clean();
        Assert.StartsWith("#!ipxe\n", artifacts.Text("netboot/02-00-00-00-00-02/boot.ipxe"), StringComparison.Ordinal);
        Assert.Contains("set elenta-image http://alpha.canon/netboot/02-00-00-00-00-02\n", artifacts.Text("netboot/02-00-00-00-00-02/boot.ipxe"));
        Assert.Contains("\"imageSize\": \"900MiB\"", artifacts.Text("netboot/index.json"));
    }

    [Fact]
    public void ASiteWithoutNetbootedHostsEmitsNothingAndNeedsNoStore()
    {
        var (artifacts, diagnostics) = EmitterRuns.Run(new NetbootEmitter(), TestSite.Minimal().Compile());
        diagnostics.Clean();
        Assert.Empty(artifacts);
    }
}
