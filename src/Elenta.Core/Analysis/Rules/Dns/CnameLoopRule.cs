using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5003: CNAMEs that lead back to themselves.</summary>
public sealed class CnameLoopRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5003", "CNAME loop", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Following the CNAMEs from this name comes back to a name already visited, so no lookup of any name " +
        "on the loop ever ends in an address: resolvers give up with SERVFAIL after a few hops.";

    public override void Analyze(AnalysisContext context)
    {
        var names = DnsNameInventory.Of(context.Site);

        // Only a CNAME whose target is a CNAME can be on a loop (every member of a loop points at the
        // next), and a walk started anywhere else ends at once without reaching one. So only those
        // are sorted and walked: most sites have few or none, where tens of thousands of generated
        // CNAMEs point at canon names. Each loop is still found from the first of them in name order.
        var chained = new List<DnsNameClaim>();
        foreach (var c in names.Cnames)
        {
            if (names.CnameAt(c.CnameTarget!) is not null)
            {
                chained.Add(c);
            }
        }

        // Each name is walked once: 1 = on the chain being followed, 2 = finished. Linear in CNAMEs.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var start in chained.OrderBy(c => c.Fqdn, StringComparer.Ordinal))
        {
            var chain = new List<DnsNameClaim>();
            var current = start;
            while (current is not null && !state.ContainsKey(current.Fqdn))
            {
                state[current.Fqdn] = 1;
                chain.Add(current);
                current = names.CnameAt(current.CnameTarget!);
            }

            if (current is not null && state[current.Fqdn] == 1)
            {
                var loop = chain.Skip(chain.FindIndex(c => c.Fqdn == current.Fqdn)).ToList();
                Report(context, loop);
            }

            foreach (var c in chain)
            {
                state[c.Fqdn] = 2;
            }
        }
    }

    private static void Report(AnalysisContext context, List<DnsNameClaim> loop)
    {
        // Report where a person wrote a CNAME (a record), first in the files, so the report is stable.
        var at = loop.OrderBy(c => c.Records is null ? 1 : 0)
            .ThenBy(c => c.Location.File.Path, StringComparer.Ordinal)
            .ThenBy(c => c.Location.Span.Start)
            .First();
        var path = string.Join(" -> ", loop.Select(c => c.Fqdn).Append(loop[0].Fqdn));
        var location = at.Records is { } r ? r.Node.At("CNAME") : at.Location;
        context.Report(Rule.Create(location,
            loop.Count == 1 ? $"'{at.Fqdn}' is a CNAME to itself" : $"CNAME loop: {path}",
            "point one of these CNAMEs at a name that has addresses",
            loop.Where(c => !ReferenceEquals(c, at)).Select(c => new RelatedLocation(c.Records is { } rr ? rr.Node.At("CNAME") : c.Location,
                $"'{c.Fqdn}' is a CNAME to '{c.CnameTarget}' ({c.Owner})"))));
    }
}
