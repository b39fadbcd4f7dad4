using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8024: a firewall's dnat sends traffic on to an address its own forward chain then drops.</summary>
public sealed class DnatDroppedByForwardRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8024", "Port forward dropped by the firewall's forward chain", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A dnat entry rewrites the destination of traffic arriving on the firewall host's interface
        on network in, to its own address there, on port: it is sent on to to (and toPort). The
        rewritten packet then crosses the host's forward chain, which is the firewall's rules in
        order and its default, as EL8005 evaluates them: from the zone of the packet's source to the
        zone of to (its network's), on the translated port. Every source that can arrive on in is
        tried: the zone of in, the zones of networks the host has no address on (it reaches them
        through some other network), and addresses outside every zone (the internet: only rules
        from * match them). When the forward chain drops the packet from all of them, no new
        connection ever gets through, and the port forward does nothing. A dnat to one of the
        host's own addresses goes to its input chain instead, and is not checked.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var firewall in site.Cadaster.Firewalls)
        {
            if (firewall.Nat.Count == 0 || site.Cadaster.Hosts[firewall.Host] is not { } host)
            {
                continue;
            }

            var zones = FirewallFacts.ZonesByNetwork(firewall);
            foreach (var nat in firewall.Nat)
            {
                // What NftRuleset writes: an incomplete entry, or one without an address of the host to match, is EL8022's.
                if (nat is not { Kind: NatKind.Dnat, In: { } inNet, Port: { } port, To: { } to }
                    || CarrierInterface.On(host, inNet) is null || site.Networks[inNet] is not { } arriving
                    || arriving.Cidr.Network.IsV6 != to.IsV6 || !host.Canon.Any(c => c.Network == inNet && c.Ip.IsV6 == to.IsV6))
                {
                    continue;
                }

                if (host.Canon.Any(c => c.Ip == to))
                {
                    continue; // to the host itself: its input chain decides, not the forward chain
                }

                var target = site.Networks.FirstOrDefault(n => n.Cidr.Contains(to));
                var toZone = target is not null && zones.TryGetValue(target.Name, out var tz) ? tz.Name : null;
                var sources = Sources(site, host, zones, inNet, to.IsV6);
                if (Blocked(firewall, sources, toZone, port, nat.ToPort) is not { } blocked)
                {
                    continue;
                }

                var (verdict, fromZone, translated) = blocked;
                var spec = new PortSpec(port.Protocol, translated, translated);
                var destination = nat.ToPort is { } p ? (to.IsV6 ? $"[{to}]:{p}" : $"{to}:{p}") : to.ToString();
                var from = fromZone is null ? $"'{inNet}' (in no zone of the firewall)" : $"zone '{fromZone}' ('{inNet}')";
                var toWhat = toZone is null
                    ? $"{to} (in no zone of the firewall)"
                    : $"zone '{toZone}' ({to}, on '{target!.Name}')";
                var others = sources.Count > 1 ? $", and no rule lets it through from another source arriving on '{inNet}' either" : string.Empty;
                context.Report(Rule.Create(nat.Node.At("to"),
                    $"dnat of firewall '{firewall.Name}' sends {port} arriving on '{inNet}' on to {destination}, but its forward chain drops the translated packet: {verdict.Describe()} blocks {spec} from {from} to {toWhat}{others}: the port forward never gets through",
                    $"allow {spec} from '{fromZone ?? "*"}' to '{toZone ?? "*"}' in firewall '{firewall.Name}' (before any rule that denies it), or remove the dnat entry",
                    [new RelatedLocation(verdict.Location, $"{verdict.Describe()} drops {spec} from {from} here")]));
            }
        }
    }

    /// <summary>
    /// The zones a packet arriving on <paramref name="inNet"/> can come from (null: outside every
    /// zone): the network's own zone, the zones of networks of the packet's family the host has no
    /// address on (reached through some other network, maybe this one), and outside every zone.
    /// Sources on another network the host has an address on arrive on that network's interface.
    /// </summary>
    private static List<string?> Sources(Site site, Host host, IReadOnlyDictionary<string, FirewallZone> zones, string inNet, bool v6)
    {
        var sources = new List<string?>();
        if (zones.TryGetValue(inNet, out var own))
        {
            sources.Add(own.Name);
        }

        foreach (var (network, zone) in zones)
        {
            if (!sources.Contains(zone.Name) && site.Networks[network] is { } n && n.Cidr.Network.IsV6 == v6 && !host.Canon.Any(c => c.Network == network))
            {
                sources.Add(zone.Name);
            }
        }

        sources.Add(null);
        return sources;
    }

    /// <summary>
    /// The first translated port (<paramref name="toPort"/>, else each port of the range, as nft's
    /// dnat keeps it; at most 1024 of them) that no source gets through, with the verdict that drops
    /// it from the first source; null when every port gets through from some source.
    /// </summary>
    private static (FirewallVerdict Verdict, string? From, int Port)? Blocked(Firewall firewall, List<string?> sources, string? toZone, PortSpec port, int? toPort)
    {
        var (first, last) = toPort is { } only ? (only, only) : (port.From, Math.Min(port.To, port.From + 1023));
        for (var n = first; n <= last; n++)
        {
            (FirewallVerdict Verdict, string? From)? blocking = null;
            foreach (var from in sources)
            {
                var verdict = FirewallFacts.Evaluate(firewall, from, toZone, port.Protocol, n);
                if (verdict.Allowed)
                {
                    blocking = null;
                    break;
                }

                blocking ??= (verdict, from);
            }

            if (blocking is { } b)
            {
                return (b.Verdict, b.From, n);
            }
        }

        return null;
    }
}
