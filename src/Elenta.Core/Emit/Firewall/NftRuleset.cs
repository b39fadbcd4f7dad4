using System.Text;
using Elenta.Core.Analysis.Facts;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Firewall;

/// <summary>
/// Writes one machine's nftables file: Elenta's own table (<c>table inet elenta</c>), replaced in
/// one transaction (created if missing, deleted, made again), never anything else of the ruleset.
/// The input chain comes from <see cref="MachineInput"/> (<see cref="InputFirewalls"/>); a firewall host also gets the forward
/// chain from its zones and rules, and the NAT chains from its <c>nat</c> list.
/// </summary>
internal sealed class NftRuleset(Site site, Func<Text.Location, string> where, RenderedSources? rendered)
{
    public const string Table = "inet elenta";

    private readonly StringBuilder text = TextBuffer.Take();

    /// <summary>The file as UTF-8, made in this thread's reused buffers.</summary>
    public static byte[] WriteUtf8(Site site, string machine, MachineInput? input, Model.Firewall? firewall, Host? firewallHost, Func<Text.Location, string> where, RenderedSources? rendered = null)
    {
        var w = new NftRuleset(site, where, rendered);
        w.Header(site.Settings.Name, machine);
        Dictionary<string, (string? V4, string? V6)> sets = [];
        if (firewall is not null)
        {
            sets = w.ZoneSets(firewall);
        }

        if (input is not null)
        {
            w.Input(input);
        }

        if (firewall is not null)
        {
            w.Forward(firewall, sets);
            w.Nat(firewall, firewallHost!, sets);
        }

        w.text.Append("}\n");
        return TextBuffer.ToUtf8(w.text);
    }

    private void Line(int indent, string line) => text.Append('\t', indent).Append(line).Append('\n');

    private void Header(string site, string machine)
    {
        text.Append("#!/usr/sbin/nft -f\n");
        text.Append(NftText.Remark($"Elenta's firewall for {machine} (site {site}); generated: edit the site, not this file.")).Append('\n');
        text.Append("# Loading it replaces table inet elenta, in one transaction: the first line makes the table when\n");
        text.Append("# it is missing, so the delete always has one to remove. Every other table is left alone.\n");
        text.Append("table ").Append(Table).Append('\n');
        text.Append("delete table ").Append(Table).Append("\n\n");
        text.Append("table ").Append(Table).Append(" {\n");
    }

    /// <summary>A set per zone and address family, holding the zone's networks (those no earlier zone claims).</summary>
    private Dictionary<string, (string? V4, string? V6)> ZoneSets(Model.Firewall firewall)
    {
        var byNetwork = FirewallFacts.ZonesByNetwork(firewall);
        var names = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zone in firewall.Zones)
        {
            var cidrs = zone.Networks.Where(n => byNetwork.TryGetValue(n, out var z) && ReferenceEquals(z, zone))
                .Select(n => site.Networks[n]?.Cidr).OfType<IpNetwork>().ToList();
            var baseName = "zone_" + NftText.Identifier(zone.Name);
            var name = baseName;
            for (var i = 2; !used.Add(name); i++)
            {
                name = baseName + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            string? v4 = null, v6 = null;
            foreach (var (family, suffix, type) in new[] { (false, "_v4", "ipv4_addr"), (true, "_v6", "ipv6_addr") })
            {
                var members = NftText.Normalize(cidrs.Where(c => c.Network.IsV6 == family));
                if (members.Count == 0)
                {
                    continue;
                }

                Line(1, $"set {name}{suffix} {{");
                Line(2, NftText.Remark($"zone {zone.Name} of firewall {firewall.Name}: {string.Join(", ", zone.Networks)} ({where(zone.Node.KeyAt())})"));
                Line(2, $"type {type}");
                Line(2, "flags interval");
                Line(2, $"elements = {{ {string.Join(", ", members.Select(NftText.Cidr))} }}");
                Line(1, "}");
                text.Append('\n');
                if (family)
                {
                    v6 = "@" + name + suffix;
                }
                else
                {
                    v4 = "@" + name + suffix;
                }
            }

            names[zone.Name] = (v4, v6);
        }

        return names;
    }

    private void Input(MachineInput input)
    {
        Line(1, "chain input {");
        Line(2, "type filter hook input priority filter; policy drop;");
        Line(2, "iif \"lo\" accept");
        Line(2, "ct state established,related accept");
        Line(2, "ct state invalid drop");
        Line(2, "icmp type echo-request accept");
        Line(2, NftText.Remark("IPv6 needs neighbour discovery to work at all"));
        Line(2, "icmpv6 type { echo-request, nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert } accept");
        foreach (var opening in input.Openings)
        {
            Open(opening);
        }

        foreach (var closed in input.Closed)
        {
            Line(2, NftText.Remark($"closed: {closed.What} ({where(closed.At)}): {closed.Why}"));
        }

        Line(2, DropTheRest);
        Line(1, "}");
    }

    private static readonly string DropTheRest = "counter drop" + NftText.Comment("input: everything else");

    /// <summary>The address families a rule is written for: nft's <c>ip</c> and <c>ip6</c>.</summary>
    private static readonly (bool V6, string Family)[] Families = [(false, "ip"), (true, "ip6")];

    // An opening's lines are appended piece by piece, not made as strings first: every machine has
    // a few, and a build writes tens of thousands of these files.
    private void Open(InputOpening o)
    {
        var why = o.At is { } at ? $"{o.Comment} ({where(at)})" : o.Comment;
        if (o.Sources.Count == 0 && o.Destinations.Count == 0)
        {
            text.Append('\t', 2);
            AppendInterface(o.Interface);
            AppendMatch(o.Port, why);
            return;
        }

        foreach (var (v6, family) in Families)
        {
            var sources = Render(o.Sources, v6);
            var destinations = 0;
            foreach (var d in o.Destinations)
            {
                destinations += d.IsV6 == v6 ? 1 : 0;
            }

            if ((o.Sources.Count > 0 && sources.Length == 0) || (o.Destinations.Count > 0 && destinations == 0))
            {
                continue;
            }

            text.Append('\t', 2);
            AppendInterface(o.Interface);
            if (sources.Length > 0)
            {
                text.Append(family).Append(" saddr ").Append(sources).Append(' ');
            }

            if (destinations > 0)
            {
                text.Append(family).Append(" daddr ");
                AppendAddresses(o.Destinations, v6, destinations);
                text.Append(' ');
            }

            AppendMatch(o.Port, why);
        }
    }

    private void AppendInterface(string? name)
    {
        if (name is not null)
        {
            text.Append("iifname ").Append(NftText.Quoted(name)).Append(' ');
        }
    }

    /// <summary>The addresses of one family (<paramref name="count"/> of them) as <see cref="NftText.Set"/> writes them.</summary>
    private void AppendAddresses(IReadOnlyList<IpAddress> addresses, bool v6, int count)
    {
        Span<char> chars = stackalloc char[IpAddress.MaxTextLength];
        if (count > 1)
        {
            text.Append("{ ");
        }

        var first = true;
        foreach (var a in addresses)
        {
            if (a.IsV6 != v6)
            {
                continue;
            }

            if (!first)
            {
                text.Append(", ");
            }

            text.Append(chars[..a.Format(chars)]);
            first = false;
        }

        if (count > 1)
        {
            text.Append(" }");
        }
    }

    /// <summary>The end of an input rule: protocol, port, verdict, comment; and the line's end.</summary>
    private void AppendMatch(PortSpec port, string why)
    {
        text.Append(NftText.Proto(port.Protocol)).Append(" dport ");
        NftText.AppendPort(text, port);
        text.Append(" counter accept");
        NftText.AppendComment(text, why);
        text.Append('\n');
    }

    /// <summary>The sources of one family as an nft set ("" when none); a list many machines share is rendered once.</summary>
    private string Render(IReadOnlyList<IpNetwork> sources, bool v6)
    {
        static string Make(IReadOnlyList<IpNetwork> list, bool v6)
        {
            var these = list.Where(s => s.Network.IsV6 == v6).Select(NftText.Cidr).ToList();
            return these.Count == 0 ? string.Empty : NftText.Set(these);
        }

        return rendered is null ? Make(sources, v6) : rendered.GetOrAdd((sources, v6), k => Make(k.List, k.V6));
    }

    private void Forward(Model.Firewall firewall, Dictionary<string, (string? V4, string? V6)> sets)
    {
        text.Append('\n');
        Line(1, "chain forward {");
        Line(2, $"type filter hook forward priority filter; policy {(firewall.DefaultAllow ? "accept" : "drop")};");
        Line(2, "ct state established,related accept");
        Line(2, "ct state invalid drop");
        for (var i = 0; i < firewall.Rules.Count; i++)
        {
            var rule = firewall.Rules[i];
            var at = where(rule.Node.Location);
            Line(2, NftText.Remark($"rule {i + 1}: {rule.From} -> {rule.To}{(rule.Description is { } d ? ": " + d : string.Empty)} ({at})"));
            var why = $"rule {i + 1}: {rule.From} -> {rule.To} ({at})";
            foreach (var (ports, verdict) in new[] { (rule.Allow, "accept"), (rule.Deny, "drop") })
            {
                foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
                {
                    var these = ports.Where(p => p.Protocol == protocol).ToList();
                    if (these.Count == 0)
                    {
                        continue;
                    }

                    foreach (var addresses in Between(rule.From, rule.To, sets))
                    {
                        Line(2, $"{addresses}{NftText.Proto(protocol)} dport {NftText.Ports(these)} counter {verdict}{NftText.Comment(why)}");
                    }
                }
            }
        }

        var policy = firewall.Node.Child("default")?.Location ?? firewall.Node.KeyAt();
        var verdictText = firewall.DefaultAllow ? "accept" : "drop";
        Line(2, $"counter {verdictText}{NftText.Comment($"default: {(firewall.DefaultAllow ? "allow" : "deny")} ({where(policy)})")}");
        Line(1, "}");
    }

    /// <summary>
    /// The address matches of a rule from one zone to another, one per address family both ends
    /// have: <c>*</c> matches any address (the internet too), a zone its networks.
    /// </summary>
    private static IEnumerable<string> Between(string from, string to, Dictionary<string, (string? V4, string? V6)> sets)
    {
        if (from == "*" && to == "*")
        {
            yield return string.Empty;
            yield break;
        }

        foreach (var (v6, family) in Families)
        {
            string? Pick(string end) => end == "*" ? string.Empty : sets.TryGetValue(end, out var s) ? (v6 ? s.V6 : s.V4) : null;
            var source = Pick(from);
            var destination = Pick(to);
            if (source is null || destination is null)
            {
                continue; // the zone has no network of this family: nothing to match
            }

            var line = new StringBuilder();
            if (source.Length > 0)
            {
                line.Append(family).Append(" saddr ").Append(source).Append(' ');
            }

            if (destination.Length > 0)
            {
                line.Append(family).Append(" daddr ").Append(destination).Append(' ');
            }

            yield return line.ToString();
        }
    }

    private void Nat(Model.Firewall firewall, Host host, Dictionary<string, (string? V4, string? V6)> sets)
    {
        var pre = new List<string>();
        var post = new List<string>();
        foreach (var nat in firewall.Nat)
        {
            var why = NftText.Comment($"{nat.Kind.ToString().ToLowerInvariant()} ({where(nat.Node.Location)}){(nat.Description is { } d ? ": " + d : string.Empty)}");
            if (nat.Kind == NatKind.Dnat)
            {
                if (nat is not { In: { } inNet, Port: { } port, To: { } to } || CarrierInterface.On(host, inNet) is not { } nic)
                {
                    continue; // EL8022
                }

                var family = to.IsV6 ? "ip6" : "ip";
                var target = nat.ToPort is { } p
                    ? (to.IsV6 ? $"[{to}]:{p}" : $"{to}:{p}")
                    : to.ToString();
                // Only what is addressed to the firewall itself on that network: traffic it routes
                // for others keeps its destination.
                var own = host.Canon.Where(c => c.Network == inNet && c.Ip.IsV6 == to.IsV6).Select(c => c.Ip.ToString()).ToList();
                if (own.Count == 0)
                {
                    continue; // no address of the firewall's to match: the rule would take every packet of that port (EL8022)
                }

                var daddr = $"{family} daddr {NftText.Set(own)} ";
                pre.Add($"iifname {NftText.Quoted(nic)} {daddr}{NftText.Proto(port.Protocol)} dport {NftText.Ports([port])} counter dnat {family} to {target}{why}");
                continue;
            }

            if (nat is not { From: { } from, Out: { } outNet } || CarrierInterface.On(host, outNet) is not { } oif || !sets.TryGetValue(from, out var zone))
            {
                continue; // EL8022
            }

            foreach (var (v6, family, set) in new[] { (false, "ip", zone.V4), (true, "ip6", zone.V6) })
            {
                if (set is null || (nat.Kind == NatKind.Snat && nat.To is { } t && t.IsV6 != v6))
                {
                    continue;
                }

                var action = nat.Kind == NatKind.Snat ? $"snat {family} to {nat.To}" : "masquerade";
                post.Add($"{family} saddr {set} oifname {NftText.Quoted(oif)} counter {action}{why}");
            }
        }

        if (pre.Count > 0)
        {
            text.Append('\n');
            Line(1, "chain prerouting {");
            Line(2, "type nat hook prerouting priority dstnat; policy accept;");
            pre.ForEach(l => Line(2, l));
            Line(1, "}");
        }

        if (post.Count > 0)
        {
            text.Append('\n');
            Line(1, "chain postrouting {");
            Line(2, "type nat hook postrouting priority srcnat; policy accept;");
            post.ForEach(l => Line(2, l));
            Line(1, "}");
        }
    }
}

/// <summary>Address sets as nft reads them, each source list (shared by many machines) rendered once per family.</summary>
internal sealed class RenderedSources
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(IReadOnlyList<IpNetwork> List, bool V6), string> sets = new(new ByReference());

    public string GetOrAdd((IReadOnlyList<IpNetwork> List, bool V6) key, Func<(IReadOnlyList<IpNetwork> List, bool V6), string> make) => sets.GetOrAdd(key, make);

    private sealed class ByReference : IEqualityComparer<(IReadOnlyList<IpNetwork> List, bool V6)>
    {
        public bool Equals((IReadOnlyList<IpNetwork> List, bool V6) x, (IReadOnlyList<IpNetwork> List, bool V6) y) => ReferenceEquals(x.List, y.List) && x.V6 == y.V6;

        public int GetHashCode((IReadOnlyList<IpNetwork> List, bool V6) key) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.List), key.V6);
    }
}
