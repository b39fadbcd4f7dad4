using System.Globalization;
using System.Text.Json.Nodes;
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
public static class KeaConfig
{
    public const string NetbootClass = "elenta-netboot";
    private const string IsIpxe = "option[77].hex == 'iPXE'";

    public static string Write(IReadOnlyList<DhcpNetworkPlan> plans, string leaseFile)
    {
        var dhcp4 = new JsonObject
        {
            // Which interfaces serve which network depends on the DHCP server machine, which the
            // site does not model yet: listen everywhere; Kea picks the subnet by interface address.
            ["interfaces-config"] = new JsonObject { ["interfaces"] = new JsonArray("*") },
            ["lease-database"] = new JsonObject
            {
                ["type"] = "memfile",
                ["persist"] = true,
                ["name"] = leaseFile,
                ["lfc-interval"] = 3600,
            },
            ["valid-lifetime"] = plans.Count > 0 ? plans.Min(p => p.LeaseSeconds) : 43200,
        };

        var classes = Classes(plans);
        if (classes.Count > 0)
        {
            dhcp4["client-classes"] = classes;
        }

        dhcp4["subnet4"] = new JsonArray(plans.Select(Subnet).ToArray<JsonNode?>());
        return ViewJson.Serialize(new JsonObject { ["Dhcp4"] = dhcp4 });
    }

    private static JsonObject Subnet(DhcpNetworkPlan plan)
    {
        var network = plan.Network;
        var subnet = new JsonObject
        {
            ["id"] = plan.SubnetId,
            ["subnet"] = network.Cidr.ToString(),
            ["valid-lifetime"] = plan.LeaseSeconds,
            ["user-context"] = new JsonObject { ["network"] = network.Name },
        };
        if (network.Dhcp is { } pool)
        {
            subnet["pools"] = new JsonArray(new JsonObject { ["pool"] = $"{pool.From} - {pool.To}" });
        }

        var options = new JsonArray();
        if (network.Gateway is { } gateway)
        {
            options.Add(Option("routers", gateway.ToString()));
        }

        var dns = network.Dns.Where(d => !d.IsV6).ToList();
        if (dns.Count > 0)
        {
            options.Add(Option("domain-name-servers", string.Join(", ", dns)));
        }

        if (network.SearchDomain is { } domain)
        {
            options.Add(Option("domain-name", domain));
        }

        if (options.Count > 0)
        {
            subnet["option-data"] = options;
        }

        subnet["reservations"] = new JsonArray(plan.Reservations.Select(r => (JsonNode)new JsonObject
        {
            ["hw-address"] = r.Mac.ToString(),
            ["ip-address"] = r.Ip.ToString(),
            ["hostname"] = r.Hostname,
            ["user-context"] = new JsonObject { ["owner"] = r.Owner },
        }).ToArray<JsonNode?>());
        return subnet;
    }

    private static JsonArray Classes(IReadOnlyList<DhcpNetworkPlan> plans)
    {
        var clients = plans
            .SelectMany(p => p.NetbootClients.Select(r => (Plan: p, Reservation: r)))
            .GroupBy(c => c.Reservation.Mac.Value)
            .Select(g => g.First())
            .OrderBy(c => c.Reservation.Mac.Value)
            .ToList();
        var classes = new JsonArray();
        if (clients.Count == 0)
        {
            return classes;
        }

        classes.Add(new JsonObject
        {
            ["name"] = NetbootClass,
            ["test"] = string.Join(" or ", clients.Select(c => MacTest(c.Reservation.Mac))),
        });
        var tftp = plans.Select(p => p.TftpServer).FirstOrDefault(t => t is not null);
        classes.Add(Loader("elenta-pxe-bios", $"option[93].hex == {Arch(PxeLoaders.BiosArch)}", PxeLoaders.Bios, tftp));
        classes.Add(Loader("elenta-pxe-efi64", "(" + string.Join(" or ", PxeLoaders.UefiX64Arches.Select(a => $"option[93].hex == {Arch(a)}")) + ")", PxeLoaders.Uefi, tftp));
        foreach (var (plan, r) in clients)
        {
            classes.Add(new JsonObject
            {
                ["name"] = "elenta-ipxe-" + r.Mac.ToDashed(),
                ["test"] = $"{MacTest(r.Mac)} and {IsIpxe}",
                ["boot-file-name"] = NetbootLayout.ScriptUrl(plan.NetbootBaseUrl!, r.Mac),
            });
        }

        return classes;
    }

    private static JsonObject Loader(string name, string archTest, string file, TftpServer? tftp)
    {
        var loader = new JsonObject
        {
            ["name"] = name,
            ["test"] = $"member('{NetbootClass}') and not ({IsIpxe}) and {archTest}",
            ["boot-file-name"] = file,
        };
        if (tftp is not null)
        {
            loader["next-server"] = tftp.Address.ToString();
            loader["server-hostname"] = tftp.Name;
        }

        return loader;
    }

    private static JsonObject Option(string name, string data) => new() { ["name"] = name, ["data"] = data };

    private static string MacTest(MacAddress mac) => $"pkt4.mac == 0x{mac.Value.ToString("x12", CultureInfo.InvariantCulture)}";

    private static string Arch(int arch) => "0x" + arch.ToString("x4", CultureInfo.InvariantCulture);
}
