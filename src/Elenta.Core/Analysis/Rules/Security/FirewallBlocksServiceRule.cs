using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8005: a service's client network cannot reach it through the firewall policy.</summary>
public sealed class FirewallBlocksServiceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8005", "Firewall blocks a service from its clients", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A service's clients: lists the networks whose machines must reach it. For every client
        network other than the networks the serving machine has an address on, Elenta finds the
        firewalls whose zones hold both networks, and evaluates each one's rules in order (first
        match wins; from/to is a zone or *; a rule matches when its allow or deny list holds the
        port), then its default. When no firewall between them lets the port through, the service
        is cut off from the clients it exists for: the journal's "missing port open". Networks
        that no firewall joins are not checked.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var firewalls = site.Cadaster.Firewalls.Select(f => (Firewall: f, Zones: FirewallFacts.ZonesByNetwork(f))).ToList();
        if (firewalls.Count == 0)
        {
            return;
        }

        var reported = new HashSet<(string Role, string Service, string Client, string Server)>();
        var verdicts = new Dictionary<(string Client, string Server, Protocol Protocol, int Port), (bool Checked, FirewallVerdict? Blocking)>();
        var networksByMachine = new Dictionary<(bool Guest, string Name), (List<string> Networks, string Signature)>();
        foreach (var p in PlacementFacts.Placed(site))
        {
            if (p.Role.Services.Count == 0)
            {
                continue;
            }

            if (!networksByMachine.TryGetValue(p.MachineKey, out var machine))
            {
                var networks = NetworksOf(p);
                machine = (networks, string.Join(",", networks));
                networksByMachine[p.MachineKey] = machine;
            }

            var serverNetworks = machine.Networks;

            if (serverNetworks.Count == 0)
            {
                continue;
            }

            foreach (var service in p.Role.Services)
            {
                if (service.Port.From <= 0 || service.Clients.Count == 0)
                {
                    continue;
                }

                var listening = service.Networks.Count == 0 ? serverNetworks : serverNetworks.Where(service.Networks.Contains).ToList();
                var signature = service.Networks.Count == 0 ? machine.Signature : string.Join(",", listening);
                foreach (var client in service.Clients)
                {
                    if (listening.Contains(client) || listening.Count == 0)
                    {
                        continue;
                    }

                    if (reported.Contains((p.Role.Name, service.Name, client, signature)))
                    {
                        continue;
                    }

                    var blocked = Blocking(firewalls, verdicts, client, listening, service.Port);
                    if (blocked is null)
                    {
                        continue;
                    }

                    reported.Add((p.Role.Name, service.Name, client, signature));
                    var (verdict, server, port) = blocked.Value;
                    var related = new List<RelatedLocation>
                    {
                        new(verdict.Location, $"{verdict.Describe()} blocks {port}"),
                        new(p.KeyLocation, $"{p.Describe()} serves it on network '{server}'"),
                    };
                    context.Report(Rule.Create(ClientAt(service, client),
                        $"service '{service.Name}' ({service.Port}) of {p.Describe()} must be reachable from network '{client}', but {verdict.Describe()} blocks {port} from '{client}' to '{server}'",
                        $"allow {port} from the zone of '{client}' to the zone of '{server}' in firewall '{verdict.Firewall.Name}' (before any rule that denies it), or drop '{client}' from the service's clients",
                        related));
                }
            }
        }
    }

    /// <summary>
    /// The firewall decision that blocks the port, when no firewall joining the client network to a
    /// serving network lets every port of the service through; null when reachable or not governed.
    /// </summary>
    private static (FirewallVerdict Verdict, string Server, PortSpec Port)? Blocking(
        List<(Firewall Firewall, IReadOnlyDictionary<string, FirewallZone> Zones)> firewalls,
        Dictionary<(string, string, Protocol, int), (bool Checked, FirewallVerdict? Blocking)> cache,
        string client, IReadOnlyList<string> servers, PortSpec ports)
    {
        (FirewallVerdict, string, PortSpec)? firstBlock = null;
        foreach (var server in servers)
        {
            for (var port = ports.From; port <= ports.To && port - ports.From < 1024; port++)
            {
                var key = (client, server, ports.Protocol, port);
                if (!cache.TryGetValue(key, out var result))
                {
                    result = Evaluate(firewalls, client, server, ports.Protocol, port);
                    cache[key] = result;
                }

                if (!result.Checked)
                {
                    break; // no firewall joins these networks
                }

                if (result.Blocking is null)
                {
                    if (port == ports.To || port - ports.From == 1023)
                    {
                        return null; // every port gets through on this path
                    }

                    continue;
                }

                firstBlock ??= (result.Blocking, server, new PortSpec(ports.Protocol, port, port));
                break;
            }
        }

        return firstBlock;
    }

    private static (bool Checked, FirewallVerdict? Blocking) Evaluate(
        List<(Firewall Firewall, IReadOnlyDictionary<string, FirewallZone> Zones)> firewalls, string client, string server, Protocol protocol, int port)
    {
        FirewallVerdict? blocking = null;
        var governed = false;
        foreach (var (firewall, zones) in firewalls)
        {
            if (!zones.TryGetValue(client, out var from) || !zones.TryGetValue(server, out var to))
            {
                continue;
            }

            governed = true;
            var verdict = FirewallFacts.Evaluate(firewall, from.Name, to.Name, protocol, port);
            if (verdict.Allowed)
            {
                return (true, null);
            }

            blocking ??= verdict;
        }

        return (governed, blocking);
    }

    private static List<string> NetworksOf(PlacedInstance p)
    {
        if (p.IsOwnMachine)
        {
            return p.Instance.Address is { } a ? [a.Network] : [];
        }

        return p.Host.Canon.Select(c => c.Network).Distinct(StringComparer.Ordinal).ToList();
    }

    private static Location ClientAt(Service service, string client)
    {
        var map = (MergedMapping)service.Node;
        if (map.Child("clients") is MergedSequence seq && seq.Items.OfType<MergedScalar>().FirstOrDefault(i => i.Text == client) is { } item)
        {
            return item.Location;
        }

        return map.At("clients");
    }
}
