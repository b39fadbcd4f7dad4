using Elenta.Core.Diagnostics;
using Elenta.Core.Emit.Dns;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5026: an RFC 2317 delegation for the ISP would name a server the internet cannot resolve.</summary>
public sealed class LameClasslessDelegationRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5026", "RFC 2317 delegation names a server the internet cannot resolve", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A network smaller than a /24 gets a classless reverse zone; when the site does not serve the /24 zone " +
        "above it, the build writes dns/zones/<parent>.rfc2317-delegation for whoever does (the ISP). Its NS " +
        "records must name servers the internet can resolve: a server's name in a public domain it serves " +
        "(<server>.<domain>, with its glue in that zone) is used when there is one. A server that serves no " +
        "public domain only has its canon name, which nobody outside resolves: the ISP would delegate to a " +
        "lame server, and the reverse names of the block would not resolve from outside.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var zones = ReverseZones.Of(site);
        var origins = zones.Select(z => z.Origin).ToHashSet(StringComparer.Ordinal);
        var handedOff = zones.Where(z => z.Classless && !origins.Contains(z.ParentOrigin!)).ToList();
        if (handedOff.Count == 0)
        {
            return;
        }

        var servers = ServiceMachines.Of(context.Resolved).CanonServers;
        foreach (var zone in handedOff)
        {
            var network = site.Networks.FirstOrDefault(n => n.ReverseDns && n.Cidr.Overlaps(zone.Covers));
            foreach (var server in servers.Where(s => PublicZone.PublicName(context.Resolved, s) is null))
            {
                context.Report(Rule.Create(network?.Node.At("cidr") ?? network?.Node.KeyAt(),
                    $"the RFC 2317 delegation of {zone.Covers} names '{server}' by its canon name, which the internet cannot resolve: the delegation would be lame",
                    $"make '{server}' a name server of a public domain (public: true) where it has a public address, or set reverseDns: false on the network"));
            }
        }
    }
}
