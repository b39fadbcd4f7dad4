using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4005: a statically assigned address inside its network's dynamic pool.</summary>
public sealed class StaticAddressInDhcpPoolRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4005", "Static address inside the DHCP pool", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "The DHCP server hands out the addresses of its pool to whoever asks. A machine whose address is " +
        "fixed in the site but lies inside the pool will sooner or later find a laptop holding a lease on " +
        "it - typically while the machine was powered off - and both lose connectivity in turn (the " +
        "journal's stale leases were this kind of trouble). Keep static addresses outside the pool; the " +
        "network's gateway too, whose address a client leased would take from the router.";

    public override void Analyze(AnalysisContext context)
    {
        var reported = new HashSet<(string Network, IpAddress Ip)>();
        foreach (var fact in AddressInventory.Of(context.Site).Addresses)
        {
            if (context.Site.Networks[fact.Network] is not { Dhcp: { } pool } network)
            {
                continue;
            }

            if (pool.Contains(fact.Ip))
            {
                reported.Add((network.Name, fact.Ip));
                context.Report(Rule.Create(fact.Location,
                    $"{fact.Ip}, the static address of {fact.Owner}, is inside the DHCP pool of network '{network.Name}' ({pool.From} - {pool.To})",
                    "move the address out of the pool, or shrink the pool so it no longer covers it",
                    [new RelatedLocation(((MergedMapping)pool.Node).At("from"), $"the pool of '{network.Name}' is {pool.From} - {pool.To}")]));
            }
        }

        // A gateway no machine of the site holds (a router Elenta does not manage): its own place.
        foreach (var network in context.Site.Networks)
        {
            if (network is { Dhcp: { } pool, Gateway: { } gateway } && pool.Contains(gateway) && !reported.Contains((network.Name, gateway)))
            {
                context.Report(Rule.Create(network.Node.At("gateway"),
                    $"gateway {gateway} of network '{network.Name}' is inside its DHCP pool ({pool.From} - {pool.To}): a client could be leased the router's address",
                    "move the pool off the gateway's address, or shrink it so it no longer covers it",
                    [new RelatedLocation(((MergedMapping)pool.Node).At("from"), $"the pool of '{network.Name}' is {pool.From} - {pool.To}")]));
            }
        }
    }
}
