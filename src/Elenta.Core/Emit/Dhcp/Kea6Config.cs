using System.Text.Json;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// A complete kea-dhcp6 configuration for the IPv6 networks one server serves: one subnet6 entry
/// each, with its pool, DNS options and reservations by hardware address.
/// </summary>
/// <remarks>
/// A DHCPv6 client is known by its DUID, which the site does not know; it knows MACs. Kea matches a
/// <c>hw-address</c> reservation against the MAC it finds in the client's DUID (types LLT and LL),
/// in its EUI-64 link-local source address, or in a relay's link-layer option (<c>mac-sources</c>:
/// any, Kea's default). A directly connected DHCPv6 client sends from its link-local address, so
/// Kea picks the subnet by the interface the request came in on: each subnet names the server's
/// interface on that network when the cadaster gives it.
/// </remarks>
public static class Kea6Config
{
    /// <summary>One network's scope and the server's interface on it (null when the cadaster does not say).</summary>
    public sealed record Subnet(DhcpScope Scope, string? Interface);

    public static byte[] Write(IReadOnlyList<Subnet> subnets, string leaseFile)
    {
        return ViewJson.Utf8(
            w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("Dhcp6");

                var interfaces = subnets.Select(s => s.Interface).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                w.WriteStartObject("interfaces-config");
                w.WriteStartArray("interfaces");
                if (interfaces.Count == 0 || subnets.Any(s => s.Interface is null))
                {
                    w.WriteStringValue("*");
                }
                else
                {
                    foreach (var name in interfaces)
                    {
                        w.WriteStringValue(name);
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();

                w.WriteStartObject("lease-database");
                w.WriteString("type", "memfile");
                w.WriteBoolean("persist", true);
                w.WriteString("name", leaseFile);
                w.WriteNumber("lfc-interval", 3600);
                w.WriteEndObject();

                w.WriteStartArray("subnet6");
                foreach (var subnet in subnets)
                {
                    WriteSubnet(w, subnet);
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            },
            4096 + 300 * subnets.Sum(s => s.Scope.Reservations.Count));
    }

    private static void WriteSubnet(Utf8JsonWriter w, Subnet subnet)
    {
        var plan = subnet.Scope;
        var network = plan.Network;
        w.WriteStartObject();
        w.WriteNumber("id", plan.SubnetId);
        w.WriteString("subnet", network.Cidr.ToString());
        if (subnet.Interface is { } name)
        {
            w.WriteString("interface", name);
        }

        // An address is preferred for three quarters of its lease, then deprecated until it ends.
        w.WriteNumber("preferred-lifetime", plan.LeaseSeconds / 4 * 3);
        w.WriteNumber("valid-lifetime", plan.LeaseSeconds);
        KeaConfig.WriteNetworkAndPool(w, network);

        // No router option in DHCPv6: routers announce themselves (router advertisements).
        var options = new List<(string Name, string Data)>();
        var dns = network.Dns.Where(d => d.IsV6).ToList();
        if (dns.Count > 0)
        {
            options.Add(("dns-servers", string.Join(", ", dns)));
        }

        if (network.SearchDomain is { } domain)
        {
            options.Add(("domain-search", domain));
        }

        KeaConfig.WriteOptionData(w, options);

        w.WriteStartArray("reservations");
        foreach (var r in plan.Reservations)
        {
            w.WriteStartObject();
            w.WriteString("hw-address", r.MacText);
            w.WriteStartArray("ip-addresses");
            w.WriteStringValue(r.IpText);
            w.WriteEndArray();
            w.WriteString("hostname", r.Hostname);
            w.WriteStartObject("user-context");
            w.WriteString("owner", r.Owner);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
