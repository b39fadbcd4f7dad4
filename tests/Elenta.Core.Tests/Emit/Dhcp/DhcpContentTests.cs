using System.Text.Json.Nodes;
using Elenta.Core.Emit.Dhcp;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>What emerald-city's DHCP files hand out, checked against the site model.</summary>
public class DhcpContentTests
{
    private readonly Compilation compilation = ExampleSites.Compile("emerald-city");

    private Site Site => compilation.Site!;

    private IReadOnlyList<Elenta.Core.Emit.Artifact> Artifacts => EmitterRuns.Run(new DhcpEmitter(), compilation).Artifacts;

    /// <summary>The same site's Kea configuration, when its server runs Kea (one file, both networks).</summary>
    private static string Kea => EmitterRuns.Run(new DhcpEmitter(), DhcpTools.EmeraldCityOnKea()).Artifacts.Text(DhcpTools.EmeraldCityKea);

    private static IEnumerable<JsonNode> Reservations(JsonNode kea, string cidr) =>
        kea["Dhcp4"]!["subnet4"]!.AsArray().Single(s => (string?)s!["subnet"] == cidr)!["reservations"]!.AsArray().Select(r => r!);

    [Fact]
    public void EveryAddressWithAKnownMacIsReservedInBothFormats()
    {
        var artifacts = Artifacts;
        var kea = JsonNode.Parse(Kea)!;
        var checkedCount = 0;
        foreach (var view in compilation.Resolved!.Machines)
        {
            foreach (var address in view.Addresses.Where(a => a.Mac is not null))
            {
                var network = Site.Networks[address.Network]!;
                var dnsmasq = artifacts.Text($"dhcp/dnsmasq/{network.Name}.conf");
                var line = dnsmasq.Split('\n').SingleOrDefault(l => l.StartsWith($"dhcp-host={address.Mac},", StringComparison.Ordinal));
                Assert.True(line is not null, $"no dhcp-host for {address.Fqdn} ({address.Mac})");
                Assert.Contains($",{address.Ip},", line);
                var reservation = Reservations(kea, network.Cidr.ToString()).SingleOrDefault(r => (string?)r["hw-address"] == address.Mac.ToString());
                Assert.True(reservation is not null, $"no Kea reservation for {address.Fqdn}");
                Assert.Equal(address.Ip.ToString(), (string?)reservation!["ip-address"]);
                Assert.Equal(line!.Split(',')[^2], (string?)reservation["hostname"]);
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 10, $"only {checkedCount} addresses with MACs checked");
    }

    [Theory]
    [InlineData("toto", "toto")]
    [InlineData("nancy", "nancy")]
    [InlineData("barge", "barge")]
    public void HostsAndGuestsAreNamedByTheirOwnName(string machine, string hostname)
    {
        var view = compilation.Resolved!.Machines[machine]!;
        var address = view.Addresses.First(a => a.Primary);
        Assert.Contains($"dhcp-host={address.Mac},{address.Ip},{hostname},", Artifacts.Text($"dhcp/dnsmasq/{address.Network}.conf"));
    }

    [Fact]
    public void SecondaryAddressesAndBmcsGetLabelDashHost()
    {
        var artifacts = Artifacts;
        var ifrit = Site.Cadaster.Hosts["ifrit"]!;
        var kansas = ifrit.Canon["kansas"]!;
        Assert.False(ReferenceEquals(kansas, ifrit.PrimaryAddress));
        Assert.Contains($"dhcp-host={ifrit.Interfaces[kansas.Interface!]!.Mac},{kansas.Ip},kansas-ifrit,", artifacts.Text("dhcp/dnsmasq/kansas.conf"));

        var btg = Site.Cadaster.Hosts["btg"]!;
        Assert.Contains($"dhcp-host={btg.Bmc!.Mac},{btg.Bmc.Ip},drac-btg,", artifacts.Text($"dhcp/dnsmasq/{btg.Bmc.Network}.conf"));
    }

    [Fact]
    public void ABondIsReservedWithItsFirstMembersMacAndAnAliasIsNotReserved()
    {
        var artifacts = Artifacts;
        var dop = Site.Cadaster.Hosts["dragon-of-perdition"]!;
        var bonded = dop.Canon.Single(c => dop.Interfaces[c.Interface!]!.IsBond);
        var firstMember = dop.Interfaces[dop.Interfaces[bonded.Interface!]!.BondMembers[0]]!.Mac!.Value;
        var dnsmasq = artifacts.Text($"dhcp/dnsmasq/{bonded.Network}.conf");
        Assert.Matches($"dhcp-host={firstMember},([0-9a-f:]+,)*{bonded.Ip},dragon-of-perdition,", dnsmasq);

        var toto = Site.Cadaster.Hosts["toto"]!;
        var alias = toto.Canon.Single(c => toto.Interfaces[c.Interface!]!.AliasOf is not null);
        Assert.DoesNotContain($",{alias.Ip},", dnsmasq);
        var kea = JsonNode.Parse(Kea)!;
        Assert.DoesNotContain(Reservations(kea, Site.Networks[alias.Network]!.Cidr.ToString()), r => (string?)r["ip-address"] == alias.Ip.ToString());
    }

    [Fact]
    public void PoolsAndOptionsComeFromEachNetwork()
    {
        var artifacts = Artifacts;
        var kea = JsonNode.Parse(Kea)!;
        var networks = Site.Networks.Where(n => n.Dhcp is not null).ToList();
        Assert.NotEmpty(networks);
        foreach (var network in networks)
        {
            var dnsmasq = artifacts.Text($"dhcp/dnsmasq/{network.Name}.conf");
            var lease = network.Dhcp!.LeaseTime.Seconds;
            Assert.Contains($"dhcp-range=set:elenta-net-{network.Name},{network.Dhcp.From},{network.Dhcp.To},", dnsmasq);
            Assert.Contains($",{lease}\n", dnsmasq.Split('\n').First(l => l.StartsWith("dhcp-range=", StringComparison.Ordinal)) + "\n");
            Assert.Contains($"option:router,{network.Gateway}\n", dnsmasq);
            Assert.Contains($"option:dns-server,{string.Join(',', network.Dns)}\n", dnsmasq);
            Assert.Contains($"option:domain-name,{network.SearchDomain}\n", dnsmasq);

            var subnet = kea["Dhcp4"]!["subnet4"]!.AsArray().Single(s => (string?)s!["subnet"] == network.Cidr.ToString())!;
            Assert.Equal($"{network.Dhcp.From} - {network.Dhcp.To}", (string?)subnet["pools"]![0]!["pool"]);
            Assert.Equal(lease, (int)subnet["valid-lifetime"]!);
            var options = subnet["option-data"]!.AsArray().ToDictionary(o => (string)o!["name"]!, o => (string)o!["data"]!);
            Assert.Equal(network.Gateway.ToString(), options["routers"]);
            Assert.Equal(string.Join(", ", network.Dns), options["domain-name-servers"]);
            Assert.Equal(network.SearchDomain, options["domain-name"]);
        }
    }

    [Fact]
    public void NetbootedMacsGetPxeLoadersAndTheirIpxeScript()
    {
        var artifacts = Artifacts;
        var kea = JsonNode.Parse(Kea)!;
        var classes = kea["Dhcp4"]!["client-classes"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        Assert.Equal("undionly.kpxe", (string?)classes["elenta-pxe-bios"]["boot-file-name"]);
        Assert.Equal("ipxe.efi", (string?)classes["elenta-pxe-efi64"]["boot-file-name"]);
        var baseUrl = Site.Settings.NetbootStore!.BaseUrl!;
        var toto = Site.Cadaster.Hosts["toto"]!.PrimaryAddress!.Ip.ToString();
        Assert.Equal(toto, (string?)classes["elenta-pxe-bios"]["next-server"]);

        var netbooted = Site.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Netboot).ToList();
        Assert.NotEmpty(netbooted);
        // Every NIC that may boot, not only the one carrying the address (dragon-of-perdition boots from any port of its bond).
        var nics = netbooted.SelectMany(h => BootNics.Of(Site, h).Select(n => (Host: h, Nic: n))).ToList();
        Assert.Contains(nics, n => !n.Nic.CarriesAddress);
        foreach (var (host, nic) in nics)
        {
            var address = nic.Address;
            var mac = nic.Mac;
            var script = $"{baseUrl}/{mac.ToDashed()}/boot.ipxe";
            var dnsmasq = artifacts.Text($"dhcp/dnsmasq/{address.Network}.conf");
            var tag = $"elenta-boot-{mac.ToDashed()}";
            Assert.Matches($"\ndhcp-host=([0-9a-f:]+,)*{mac},([0-9a-f:]+,)*{address.Ip},{host.Name},", dnsmasq);
            Assert.Contains($"dhcp-mac=set:{tag},{mac}\n", dnsmasq);
            Assert.Contains(Reservations(kea, Site.Networks[address.Network]!.Cidr.ToString()),
                r => (string?)r["hw-address"] == mac.ToString() && (string?)r["ip-address"] == address.Ip.ToString() && (string?)r["hostname"] == host.Name);
            Assert.Contains($"dhcp-boot=tag:{tag},tag:elenta-ipxe,{script}\n", dnsmasq);
            Assert.Contains($"dhcp-boot=tag:{tag},tag:!elenta-ipxe,tag:elenta-pxe-bios,undionly.kpxe,toto.canon,{toto}\n", dnsmasq);
            Assert.Contains($"dhcp-boot=tag:{tag},tag:!elenta-ipxe,tag:elenta-pxe-efi64,ipxe.efi,toto.canon,{toto}\n", dnsmasq);

            var macHex = "0x" + mac.ToString().Replace(":", string.Empty, StringComparison.Ordinal);
            Assert.Contains($"pkt4.mac == {macHex}", (string)classes["elenta-netboot"]["test"]!);
            var ipxe = classes[$"elenta-ipxe-{mac.ToDashed()}"];
            Assert.Equal(script, (string?)ipxe["boot-file-name"]);
            Assert.Contains("option[77].hex == 'iPXE'", (string)ipxe["test"]!);
        }

        // A machine that boots from disk is not in the netboot class.
        var nancy = Site.Cadaster.Hosts["nancy"]!;
        var nancyMac = nancy.Interfaces.First(i => i.Mac is not null).Mac!.Value;
        Assert.DoesNotContain(nancyMac.ToString().Replace(":", string.Empty, StringComparison.Ordinal), (string)classes["elenta-netboot"]["test"]!);
        Assert.DoesNotContain($"elenta-boot-{nancyMac.ToDashed()}", artifacts.Text("dhcp/dnsmasq/condorcet.conf"));
    }

    [Fact]
    public void ArtifactsGoToTheNetworksServerWithInstallTargetsAndByteIdenticalAcrossBuilds()
    {
        var first = Artifacts;
        var second = EmitterRuns.Run(new DhcpEmitter(), ExampleSites.Compile("emerald-city")).Artifacts;
        Assert.Equal(first.Select(a => (a.Path, a.Sha256)), second.Select(a => (a.Path, a.Sha256)));
        // emerald-city names ifrit, with dnsmasq, as the DHCP server of both its networks.
        Assert.All(first, a => Assert.Equal(["ifrit"], a.Machines));
        Assert.Equal("/etc/dnsmasq.d/elenta-condorcet.conf", first.Single(a => a.Path == "dhcp/dnsmasq/condorcet.conf").Delivery!.Target);
        Assert.Equal(["systemctl restart dnsmasq"], first.Single(a => a.Path == "dhcp/dnsmasq/condorcet.conf").Delivery!.After);
        Assert.DoesNotContain(first, a => a.Path.StartsWith("dhcp/kea/", StringComparison.Ordinal));
    }
}
