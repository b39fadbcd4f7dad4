using System.Globalization;
using System.Text.Json;
using Elenta.Core.Emit.Netboot;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// A complete kea-dhcp4 configuration for some networks: one subnet4 entry each, with pool,
/// options and reservations, and client classes for netbooting. Kea lets a reservation's own
/// boot-file-name override every class, so reservations carry none: one class marks netbooted
/// MACs, two pick the loader for PXE firmware, and one per MAC gives iPXE its script.
/// </summary>
/// <remarks>
/// Written straight to UTF-8 with a <see cref="Utf8JsonWriter"/> (ViewJson's options and final
/// newline, so the text is what every JSON artifact looks like): a site's reservations run to the
/// hundred thousand, and a tree of JSON nodes for each of them costs more than the file.
/// </remarks>
public static class KeaConfig
{
    public const string NetbootClass = "elenta-netboot";
    private const string IsIpxe = "option[77].hex == 'iPXE'";

    public static byte[] Write(IReadOnlyList<DhcpScope> plans, string leaseFile)
    {
        return ViewJson.Utf8(
            w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("Dhcp4");

                // Which interfaces serve which network depends on the DHCP server machine, which the
                // site does not model yet: listen everywhere; Kea picks the subnet by interface address.
                w.WriteStartObject("interfaces-config");
                w.WriteStartArray("interfaces");
                w.WriteStringValue("*");
                w.WriteEndArray();
                w.WriteEndObject();

                w.WriteStartObject("lease-database");
                w.WriteString("type", "memfile");
                w.WriteBoolean("persist", true);
                w.WriteString("name", leaseFile);
                w.WriteNumber("lfc-interval", 3600);
                w.WriteEndObject();
                w.WriteNumber("valid-lifetime", plans.Count > 0 ? plans.Min(p => p.LeaseSeconds) : 43200);

                // The NICs of a netbooted host share its address, one reservation per MAC: Kea allows
                // that only when told. The address goes to the first NIC that asks while no lease holds it.
                if (plans.Any(p => p.SharesAddresses))
                {
                    w.WriteBoolean("ip-reservations-unique", false);
                }

                WriteClasses(w, plans);

                w.WriteStartArray("subnet4");
                foreach (var plan in plans)
                {
                    WriteSubnet(w, plan);
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            },
            4096 + 400 * plans.Sum(p => p.Reservations.Count + p.Reservations.Sum(r => r.BootMacs.Count))); // a reservation is about 360 bytes of indented JSON
    }

    private static void WriteSubnet(Utf8JsonWriter w, DhcpScope plan)
    {
        var network = plan.Network;
        w.WriteStartObject();
        w.WriteNumber("id", plan.SubnetId);
        w.WriteString("subnet", network.Cidr.ToString());
        w.WriteNumber("valid-lifetime", plan.LeaseSeconds);
        WriteNetworkAndPool(w, network);

        var options = new List<(string Name, string Data)>();
        if (network.Gateway is { } gateway)
        {
            options.Add(("routers", gateway.ToString()));
        }

        var dns = network.Dns.Where(d => !d.IsV6).ToList();
        if (dns.Count > 0)
        {
            options.Add(("domain-name-servers", string.Join(", ", dns)));
        }

        if (network.SearchDomain is { } domain)
        {
            options.Add(("domain-name", domain));
        }

        WriteOptionData(w, options);

        w.WriteStartArray("reservations");
        foreach (var r in plan.Reservations)
        {
            WriteReservation(w, r, r.MacText, null);
            foreach (var mac in r.BootMacs)
            {
                WriteReservation(w, r, mac.ToString(), "netboots with the address of " + r.MacText);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteReservation(Utf8JsonWriter w, DhcpReservation r, string mac, string? shares)
    {
        w.WriteStartObject();
        w.WriteString("hw-address", mac);
        w.WriteString("ip-address", r.IpText);
        w.WriteString("hostname", r.Hostname);
        w.WriteStartObject("user-context");
        w.WriteString("owner", r.Owner);
        if (shares is not null)
        {
            w.WriteString("shares", shares);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteClasses(Utf8JsonWriter w, IReadOnlyList<DhcpScope> plans)
    {
        var clients = plans
            .SelectMany(p => p.NetbootClients.Select(c => (Plan: p, c.Mac)))
            .GroupBy(c => c.Mac.Value)
            .Select(g => g.First())
            .OrderBy(c => c.Mac.Value)
            .ToList();
        if (clients.Count == 0)
        {
            return;
        }

        w.WriteStartArray("client-classes");
        w.WriteStartObject();
        w.WriteString("name", NetbootClass);
        w.WriteString("test", string.Join(" or ", clients.Select(c => MacTest(c.Mac))));
        w.WriteEndObject();
        var tftp = plans.Select(p => p.TftpServer).FirstOrDefault(t => t is not null);
        WriteLoader(w, "elenta-pxe-bios", $"option[93].hex == {Arch(PxeLoaders.BiosArch)}", PxeLoaders.Bios, tftp);
        WriteLoader(w, "elenta-pxe-efi64", "(" + string.Join(" or ", PxeLoaders.UefiX64Arches.Select(a => $"option[93].hex == {Arch(a)}")) + ")", PxeLoaders.Uefi, tftp);
        foreach (var (plan, mac) in clients)
        {
            w.WriteStartObject();
            w.WriteString("name", "elenta-ipxe-" + mac.ToDashed());
            w.WriteString("test", $"{MacTest(mac)} and {IsIpxe}");
            w.WriteString("boot-file-name", NetbootLayout.ScriptUrl(plan.NetbootBaseUrl!, mac));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteLoader(Utf8JsonWriter w, string name, string archTest, string file, TftpServer? tftp)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("test", $"member('{NetbootClass}') and not ({IsIpxe}) and {archTest}");
        w.WriteString("boot-file-name", file);
        if (tftp is not null)
        {
            w.WriteString("next-server", tftp.Address.ToString());
            w.WriteString("server-hostname", tftp.Name);
        }

        w.WriteEndObject();
    }

    private static string MacTest(MacAddress mac) => $"pkt4.mac == 0x{mac.Value.ToString("x12", CultureInfo.InvariantCulture)}";

    private static string Arch(int arch) => "0x" + arch.ToString("x4", CultureInfo.InvariantCulture);

    /// <summary>A subnet's user-context (the site's network name) and its pool, if the network has one (DHCPv4 and DHCPv6 alike).</summary>
    internal static void WriteNetworkAndPool(Utf8JsonWriter w, Model.Network network)
    {
        w.WriteStartObject("user-context");
        w.WriteString("network", network.Name);
        w.WriteEndObject();
        if (network.Dhcp is { } pool)
        {
            w.WriteStartArray("pools");
            w.WriteStartObject();
            w.WriteString("pool", $"{pool.From} - {pool.To}");
            w.WriteEndObject();
            w.WriteEndArray();
        }
    }

    /// <summary>Kea's <c>option-data</c> list (DHCPv4 and DHCPv6 alike), left out when there is no option.</summary>
    internal static void WriteOptionData(Utf8JsonWriter w, IReadOnlyList<(string Name, string Data)> options)
    {
        if (options.Count == 0)
        {
            return;
        }

        w.WriteStartArray("option-data");
        foreach (var (name, data) in options)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("data", data);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
