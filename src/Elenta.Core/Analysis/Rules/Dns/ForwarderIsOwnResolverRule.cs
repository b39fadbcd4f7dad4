using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>
/// EL5027: <c>dns.forwarders</c> names an address where the site runs its own resolver. Every
/// resolver forwards what it does not serve to the forwarders (<see cref="Emit.Dns.UnboundConf"/>),
/// so the resolver on that address forwards to itself: a loop, and every external name fails.
/// </summary>
public sealed class ForwarderIsOwnResolverRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5027", "Forwarder is one of the site's own resolvers", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Elenta runs Unbound on every address a network hands its clients under networks.<n>.dns, and every " +
        "such resolver sends the names it does not serve to dns.forwarders. A forwarder that is one of those " +
        "addresses makes the resolver there forward to itself (and the others to it): the query goes round " +
        "until it times out, and every name outside the site fails. The forwarders are the upstream " +
        "resolvers: the ISP's, or a public one; without any, the resolvers ask the root servers themselves. " +
        "An address of a machine Elenta does not manage (driver: none: the router's own resolver, say) is " +
        "not Elenta's Unbound, and is not reported.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var forwarders = site.Settings.Dns.Forwarders;
        if (forwarders.Count == 0)
        {
            return;
        }

        var layout = DnsLayout.Of(context.Resolved);
        var serving = ServiceMachines.Of(context.Resolved);
        var items = site.Tree.Map(SiteKeys.Dns)?.Child("forwarders") is MergedSequence seq ? seq.Items : [];
        foreach (var ip in forwarders.Distinct())
        {
            if (layout.ResolverAt(ip) is not { } machine || !serving.IsManaged(machine))
            {
                continue;
            }

            var handingOut = site.Networks.Where(n => n.Dns.Contains(ip)).ToList();
            var related = new List<RelatedLocation>();
            foreach (var network in handingOut)
            {
                related.Add(new RelatedLocation(Facts.DnsRuleFacts.DnsEntryAt(network, ip), $"network '{network.Name}' hands out {ip} as its resolver"));
            }

            // Where the address is written: a host's canon address (not its bare name, whose node is the host), a guest's own.
            if (context.Resolved.Names.Of(machine).Where(n => n.Ip == ip).OrderBy(n => n.Kind == CanonNameKind.Host).FirstOrDefault() is { } address)
            {
                related.Add(new RelatedLocation(address.Node.KeyAt(), $"'{machine}' has {ip}"));
            }

            var networks = handingOut.Count == 1
                ? $"network '{handingOut[0].Name}' hands it out"
                : $"networks {string.Join(", ", handingOut.Select(n => $"'{n.Name}'"))} hand it out";
            context.Report(Rule.Create(ForwarderAt(items, ip) ?? site.Tree[SiteKeys.Dns]?.KeyAt(),
                $"dns.forwarders lists {ip}, a resolver of the site itself: {networks} as its resolver and '{machine}' runs Unbound on it, so Unbound would forward to itself (a loop: every name outside the site fails)",
                "name the upstream resolvers here (the ISP's, or a public one such as 9.9.9.9), or remove dns.forwarders to resolve from the root servers",
                related));
        }
    }

    /// <summary>Where the site writes the forwarder (its first entry, if listed twice).</summary>
    private static Location? ForwarderAt(IReadOnlyList<MergedNode> items, IpAddress ip) =>
        items.OfType<MergedScalar>().FirstOrDefault(i => IpAddress.TryParse(i.Text, out var parsed) && parsed == ip)?.Location;
}
