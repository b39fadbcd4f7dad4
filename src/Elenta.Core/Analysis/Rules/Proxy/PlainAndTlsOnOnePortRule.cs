using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Proxy;

/// <summary>EL8064: one machine's nginx would listen on one port for plain HTTP and for HTTPS.</summary>
public sealed class PlainAndTlsOnOnePortRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8064", "Plain HTTP and HTTPS on one port", Severity.Error, "Proxy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A port of nginx is either TLS or plain: a listen with ssl makes every server on that address
        and port TLS, and nginx refuses to start when one of them has no certificate. On one machine,
        a proxied name's frontendPort (plain HTTP, redirecting when the name has TLS) is another's
        httpsPort (or its own), so the configuration cannot load. Give the entries distinct ports:
        frontendPort (default 80) for plain HTTP, httpsPort (default 443) for names under proxy.tls.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        if (site.Settings.Proxy.Tls.Count == 0)
        {
            return;
        }

        var reported = new HashSet<(Location, int)>();
        foreach (var machine in ProxyFacts.Names(context).GroupBy(n => n.Machine, StringComparer.Ordinal))
        {
            var plain = new Dictionary<int, (ProxyEntry Entry, string Name)>();
            var https = new List<(int Port, ProxyEntry Entry, string Name)>();
            foreach (var (name, _, entry, tls) in machine)
            {
                plain.TryAdd(entry.FrontendPort, (entry, name.Fqdn));
                if (tls is not null)
                {
                    https.Add((entry.HttpsPort, entry, name.Fqdn));
                }
            }

            foreach (var (port, entry, name) in https)
            {
                if (!plain.TryGetValue(port, out var other))
                {
                    continue;
                }

                var at = At(entry.Node, entry.Node is MergedMapping m && m.Child("httpsPort") is not null ? "httpsPort" : "frontendPort");
                if (!reported.Add((at, port)))
                {
                    continue;
                }

                context.Report(Rule.Create(at,
                    $"on '{machine.Key}', nginx would serve {name} over HTTPS on port {port}, where {other.Name} is plain HTTP",
                    $"give {name} another httpsPort, or {other.Name} another frontendPort (plain HTTP and HTTPS cannot share a port)",
                    [new RelatedLocation(At(other.Entry.Node, "frontendPort"), $"{other.Name} listens for plain HTTP on {port}")]));
            }
        }
    }

    private static Location At(MergedNode node, string key) => node is MergedMapping m ? m.At(key) : node.Location;
}
