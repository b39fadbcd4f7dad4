using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
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
        "journal's stale leases were this kind of trouble). Keep static addresses outside the pool.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var fact in AddressInventory.Of(context.Site).Addresses)
        {
            if (context.Site.Networks[fact.Network] is not { Dhcp: { } pool } network)
            {
                continue;
            }

            if (fact.Ip.IsV6 == pool.From.IsV6 && fact.Ip.CompareTo(pool.From) >= 0 && fact.Ip.CompareTo(pool.To) <= 0)
            {
                context.Report(Rule.Create(fact.Location,
                    $"{fact.Ip}, the static address of {fact.Owner}, is inside the DHCP pool of network '{network.Name}' ({pool.From} - {pool.To})",
                    "move the address out of the pool, or shrink the pool so it no longer covers it",
                    [new RelatedLocation(((MergedMapping)pool.Node).At("from"), $"the pool of '{network.Name}' is {pool.From} - {pool.To}")]));
            }
        }
    }
}
