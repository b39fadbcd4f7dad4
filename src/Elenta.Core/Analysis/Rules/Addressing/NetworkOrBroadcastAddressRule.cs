using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4003: a machine given its network's own address or its broadcast address.</summary>
public sealed class NetworkOrBroadcastAddressRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4003", "Network or broadcast address given to a machine", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "The first address of an IPv4 network names the network itself and the last one is its broadcast " +
        "address; neither can be a machine's address (packets to the broadcast address go to everyone). " +
        "Point-to-point /31 networks (RFC 3021) and single-address /32 networks have no such addresses and " +
        "are exempt. In IPv6 the first address of a subnet is the subnet-router anycast address, so it is " +
        "reported too (except in /127 and /128 networks); IPv6 has no broadcast.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var fact in AddressInventory.Of(context.Site).Addresses)
        {
            if (context.Site.Networks[fact.Network] is not { } network || !network.Cidr.Contains(fact.Ip))
            {
                continue;
            }

            var cidr = network.Cidr;
            if (SpecialAddress(cidr, fact.Ip) is not { } what)
            {
                continue;
            }

            context.Report(Rule.Create(fact.Location,
                $"{fact.Ip}, the address of {fact.Owner}, is {what} of network '{network.Name}' ({cidr})",
                $"pick an address between {cidr.First.Add(1)} and {(fact.Ip.IsV6 ? cidr.Last : cidr.Last.Add(-1))}",
                [new RelatedLocation(network.Node.At("cidr"), $"network '{network.Name}' is {cidr}")]));
        }
    }

    /// <summary>
    /// What <paramref name="ip"/> is when no machine can have it: the network address or the
    /// broadcast address of an IPv4 network, the subnet-router anycast address of an IPv6 one;
    /// null otherwise, and always for /31, /32, /127 and /128 networks, which have neither.
    /// </summary>
    public static string? SpecialAddress(IpNetwork cidr, IpAddress ip) =>
        cidr.Network.Bits - cidr.PrefixLength < 2 || ip.IsV6 != cidr.Network.IsV6 ? null
        : ip == cidr.First ? (ip.IsV6 ? "the subnet-router anycast address" : "the network address")
        : !ip.IsV6 && ip == cidr.Last ? "the broadcast address"
        : null;
}
