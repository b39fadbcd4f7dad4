using Elenta.Core.Diagnostics;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4015: a network in a range whose addresses no machine can have on a LAN (loopback, multicast...).</summary>
public sealed class UnusableNetworkRangeRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4015", "Network in a range that cannot carry machines", Severity.Error, "Addressing");

    /// <summary>The special-purpose ranges (RFC 6890) whose addresses cannot be a machine's on a link.</summary>
    private static readonly (IpNetwork Range, string What)[] Unusable =
    [
        (Net("0.0.0.0/8"), "the \"this network\" range (RFC 1122): no packet may come from or go to it"),
        (Net("127.0.0.0/8"), "the loopback range: the kernel drops its addresses arriving on any interface but lo"),
        (Net("224.0.0.0/4"), "the multicast range: its addresses are groups, never one machine's"),
        (Net("240.0.0.0/4"), "the reserved range (RFC 1112) that holds the limited broadcast 255.255.255.255: routers, switches and most systems drop it"),
        (Net("::/128"), "the unspecified address"),
        (Net("::1/128"), "the loopback address: the kernel drops it arriving on any interface but lo"),
        (Net("::ffff:0:0/96"), "the IPv4-mapped range (RFC 4291): a socket's view of an IPv4 address, never on a link"),
        (Net("ff00::/8"), "the multicast range: its addresses are groups, never one machine's"),
    ];

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A network's cidr is where its machines' addresses come from, so it must be a range that
        can hold machines on a link: not "this network" 0.0.0.0/8, loopback 127.0.0.0/8 or ::1,
        multicast 224.0.0.0/4 or ff00::/8, the reserved 240.0.0.0/4 (which holds the limited
        broadcast 255.255.255.255), the unspecified :: or IPv4-mapped ::ffff:0:0/96. Addresses
        there check clean everywhere else and fail on the machine: the kernel drops loopback
        addresses arriving on a NIC, a multicast address is nobody's, DHCP and ARP do not work.
        Give the network a private range: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, or fd00::/8.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var network in context.Site.Networks)
        {
            foreach (var (range, what) in Unusable)
            {
                if (range.Network.IsV6 != network.Cidr.Network.IsV6 || !range.Overlaps(network.Cidr))
                {
                    continue;
                }

                context.Report(Rule.Create(network.Node.At("cidr"),
                    $"network '{network.Name}' ({network.Cidr}) is {(Inside(range, network.Cidr) ? "in" : "over")} {range}, {what}",
                    network.Cidr.Network.IsV6 ? "give the network a unique local range, such as fd00:10::/64" : "give the network a private range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"));
                break;
            }
        }
    }

    private static bool Inside(IpNetwork range, IpNetwork network) => range.Contains(network.First) && range.Contains(network.Last);

    private static IpNetwork Net(string text) =>
        IpNetwork.TryParse(text, out var network, out _) ? network : throw new ArgumentException("not a CIDR: " + text, nameof(text));
}
