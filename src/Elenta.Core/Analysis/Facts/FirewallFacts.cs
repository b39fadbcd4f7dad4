using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Facts;

/// <summary>What a firewall decides for one packet, and which rule (or the default) decided it.</summary>
internal sealed record FirewallVerdict(Firewall Firewall, bool Allowed, FirewallRule? Rule, int RuleIndex)
{
    public string Describe() => Rule is null
        ? $"the default policy ({(Allowed ? "allow" : "deny")}) of firewall '{Firewall.Name}'"
        : $"rule {RuleIndex + 1} of firewall '{Firewall.Name}' ({Rule.From} -> {Rule.To}{(Rule.Description is { } d ? ": " + d : string.Empty)})";

    public Text.Location Location => Rule is not null ? FirewallFacts.RuleAt(Rule) : Firewall.Node["default"]?.Location ?? Firewall.Node.KeyAt();
}

/// <summary>Firewall policy evaluation: zones by network, then rules in order, first match wins, then the default.</summary>
internal static class FirewallFacts
{
    /// <summary>The zone a network belongs to in this firewall (the first zone listing it), if any.</summary>
    public static IReadOnlyDictionary<string, FirewallZone> ZonesByNetwork(Firewall firewall)
    {
        var map = new Dictionary<string, FirewallZone>(StringComparer.Ordinal);
        foreach (var zone in firewall.Zones)
        {
            foreach (var network in zone.Networks)
            {
                map.TryAdd(network, zone);
            }
        }

        return map;
    }

    /// <summary>
    /// The decision for a packet from <paramref name="fromZone"/> to <paramref name="toZone"/>; a
    /// null zone is an address outside every zone (the internet), which only rules naming <c>*</c> match.
    /// </summary>
    public static FirewallVerdict Evaluate(Firewall firewall, string? fromZone, string? toZone, Protocol protocol, int port)
    {
        for (var i = 0; i < firewall.Rules.Count; i++)
        {
            var rule = firewall.Rules[i];
            if (!Applies(rule.From, fromZone) || !Applies(rule.To, toZone))
            {
                continue;
            }

            if (rule.Allow.Any(p => Covers(p, protocol, port)))
            {
                return new FirewallVerdict(firewall, true, rule, i);
            }

            if (rule.Deny.Any(p => Covers(p, protocol, port)))
            {
                return new FirewallVerdict(firewall, false, rule, i);
            }
        }

        return new FirewallVerdict(firewall, firewall.DefaultAllow, null, -1);
    }

    /// <summary>Where a rule is best pointed at: its first port (allow, else deny), else its from zone.</summary>
    public static Text.Location RuleAt(FirewallRule rule)
    {
        var map = (MergedMapping)rule.Node;
        foreach (var key in new[] { "allow", "deny" })
        {
            if (map.Child(key) is MergedSequence { Items.Count: > 0 } seq)
            {
                return seq.Items[0].Location;
            }
        }

        return map.At("from");
    }

    private static bool Applies(string end, string? zone) => end == "*" || end == zone;

    private static bool Covers(PortSpec spec, Protocol protocol, int port) => spec.Protocol == protocol && spec.From <= port && port <= spec.To;
}
