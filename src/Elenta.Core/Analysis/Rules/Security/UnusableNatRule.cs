using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8022: a firewall's nat entry lacks what its kind needs, or names a zone, network or interface that is not there.</summary>
public sealed class UnusableNatRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8022", "NAT entry cannot be compiled", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Each entry of a firewall's nat list becomes one nftables rule on the firewall host:
        masquerade and snat need from (a zone of the firewall) and out (a network the host has an
        address on, with its interface: the rule matches the interface the traffic leaves
        through); snat also needs to (the new source address); dnat needs in (a network the host
        has an interface on), port and to (where the traffic goes on to), and may give toPort.
        An entry missing one of these, or naming a zone or network that is not there, or
        translating to an address of the other family than its network's (NAT keeps a packet's
        family), would translate nothing or the wrong traffic.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var firewall in site.Cadaster.Firewalls)
        {
            if (firewall.Nat.Count == 0 || site.Cadaster.Hosts[firewall.Host] is not { } host)
            {
                continue; // an unknown host is reported by the reference check
            }

            foreach (var nat in firewall.Nat)
            {
                var kind = nat.Kind.ToString().ToLowerInvariant();
                if (nat.Kind is NatKind.Masquerade or NatKind.Snat)
                {
                    if (nat.From is null)
                    {
                        Missing(context, nat, kind, "from", $"the zone whose traffic is rewritten ({string.Join(", ", firewall.Zones.Names)})");
                    }
                    else if (firewall.Zones[nat.From] is null)
                    {
                        context.Report(Rule.Create(nat.Node.At("from"),
                            $"{kind} of firewall '{firewall.Name}' translates traffic from zone '{nat.From}', which the firewall does not have",
                            $"name one of its zones: {string.Join(", ", firewall.Zones.Names)}"));
                    }

                    CheckNetwork(context, firewall, host, nat, kind, "out", nat.Out);
                    if (nat.Kind == NatKind.Snat && nat.To is null)
                    {
                        Missing(context, nat, kind, "to", "the source address traffic takes (the firewall's own address on the out network, say)");
                    }
                    else if (nat.Kind == NatKind.Snat)
                    {
                        CheckFamily(context, firewall, nat, kind, nat.Out);
                    }
                }
                else
                {
                    CheckNetwork(context, firewall, host, nat, kind, "in", nat.In);
                    if (nat.Port is null)
                    {
                        Missing(context, nat, kind, "port", "the port the traffic arrives on, tcp/8443");
                    }

                    if (nat.To is null)
                    {
                        Missing(context, nat, kind, "to", "the address it is sent on to");
                    }
                    else
                    {
                        CheckFamily(context, firewall, nat, kind, nat.In);
                    }
                }
            }
        }
    }

    /// <summary>
    /// NAT keeps a packet's address family: an snat or dnat to an address of the other family than
    /// its network's translates nothing (the snat rule could not be written) or, for dnat, every
    /// packet of that port (with no address of the firewall's to match it against).
    /// </summary>
    private static void CheckFamily(AnalysisContext context, Firewall firewall, FirewallNat nat, string kind, string? network)
    {
        if (nat.To is not { } to || network is null || context.Site.Networks[network] is not { } net || net.Cidr.Network.IsV6 == to.IsV6)
        {
            return;
        }

        context.Report(Rule.Create(nat.Node.At("to"),
            $"{kind} of firewall '{firewall.Name}' translates to {to}, an {(to.IsV6 ? "IPv6" : "IPv4")} address, on network '{network}', which is {(net.Cidr.Network.IsV6 ? "IPv6" : "IPv4")}",
            $"NAT keeps a packet's family: translate to an {(net.Cidr.Network.IsV6 ? "IPv6" : "IPv4")} address, or use a network of the address's family"));
    }

    private static void Missing(AnalysisContext context, FirewallNat nat, string kind, string field, string what) =>
        context.Report(Rule.Create(nat.Node.At("kind"),
            $"this {kind} entry has no '{field}'",
            $"add {field}: {what}"));

    private static void CheckNetwork(AnalysisContext context, Firewall firewall, Host host, FirewallNat nat, string kind, string field, string? network)
    {
        if (network is null)
        {
            Missing(context, nat, kind, field, $"the network the traffic {(field == "out" ? "leaves" : "arrives")} through");
            return;
        }

        if (context.Site.Networks[network] is null)
        {
            var closest = Suggest.Closest(network, context.Site.Networks.Names);
            context.Report(Rule.Create(nat.Node.At(field),
                $"{kind} of firewall '{firewall.Name}' names network '{network}', which the site does not have",
                closest is not null ? $"did you mean '{closest}'?" : "name a network of the site"));
            return;
        }

        if (CarrierInterface.On(host, network) is null)
        {
            context.Report(Rule.Create(nat.Node.At(field),
                $"{kind} of firewall '{firewall.Name}' needs the interface of '{host.Name}' on network '{network}', and the site names none",
                $"give '{host.Name}' a canon address on '{network}' with its interface: (canon: {{ {network}: {{ ip: ..., interface: ... }} }})",
                [new RelatedLocation(host.Node.KeyAt(), $"'{host.Name}' is the firewall's host")]));
        }
    }
}
