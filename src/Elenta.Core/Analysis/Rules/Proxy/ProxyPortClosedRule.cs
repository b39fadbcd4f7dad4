using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Proxy;

/// <summary>EL8065: nginx serves a proxied name on a port its machine's input firewall keeps closed.</summary>
public sealed class ProxyPortClosedRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8065", "Proxied name on a port the firewall keeps closed", Severity.Error, "Proxy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A proxied name is served by nginx on its machine: over HTTPS on httpsPort (default 443) when
        the name has TLS (proxy.tls), else over plain HTTP on frontendPort (default 80); an ACME
        certificate also needs the plain port, where the CA fetches its challenge. The machine's
        input firewall opens a port only for a service of its roles with clients (docs/firewall.md);
        nginx's ports are no exception. When no service opens the port, every client's connection
        is dropped and the name answers nobody: add a service for the port, with the networks that
        use the name as its clients.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var proxied = ProxyFacts.Names(context);
        if (proxied.Count == 0)
        {
            return;
        }

        // The ports the chain of each machine serving a name opens for services: those of the roles
        // running in its network stack (InputFirewalls.Opens; the whole InputFirewalls is not worked out for this).
        var machines = proxied.Select(n => n.Machine).ToHashSet(StringComparer.Ordinal);
        var opened = new Dictionary<string, List<PortSpec>>(StringComparer.Ordinal);
        foreach (var instance in site.Constellations.SelectMany(c => c.Instances))
        {
            var stack = InputFirewalls.NetworkStackOf(instance);
            if (!machines.Contains(stack) || site.Roles[instance.Role] is not { Services.Count: > 0 } role || site.Cadaster.Hosts[instance.Host] is not { } host)
            {
                continue;
            }

            var own = stack == host.Name ? host.Canon.Select(c => c.Network) : instance.Address is { } a ? [a.Network] : [];
            foreach (var service in role.Services)
            {
                if (service.Port.Protocol == Protocol.Tcp && InputFirewalls.Opens(site, service, own))
                {
                    if (!opened.TryGetValue(stack, out var ports))
                    {
                        opened[stack] = ports = [];
                    }

                    ports.Add(service.Port);
                }
            }
        }

        var serving = ServiceMachines.Of(context.Resolved);

        // One error per closed port of a machine, at its first name: one service opens it for all of them.
        var closed = new Dictionary<(string Machine, int Port), List<(string Name, string What, Location At, Role Role, int PlainPort)>>();
        foreach (var (name, role, entry, tls) in proxied)
        {
            // No input chain of its own (a host or guest Elenta does not manage): nothing Elenta writes closes the port.
            var machine = name.Instance.Machine;
            if (!serving.IsManaged(machine))
            {
                continue;
            }

            var ports = tls is null ? [(entry.FrontendPort, "plain HTTP", "frontendPort")]
                : tls.Acme is null ? new[] { (entry.HttpsPort, "HTTPS", "httpsPort") }
                : [(entry.HttpsPort, "HTTPS", "httpsPort"), (entry.FrontendPort, "the ACME challenge", "frontendPort")];
            var open = opened.GetValueOrDefault(machine);
            foreach (var (port, what, key) in ports)
            {
                var tcp = new PortSpec(Protocol.Tcp, port, port);
                if (open is not null && open.Any(o => o.Overlaps(tcp)))
                {
                    continue;
                }

                if (!closed.TryGetValue((machine, port), out var names))
                {
                    names = [];
                    closed[(machine, port)] = names;
                }

                var at = entry.Node is MergedMapping m && m.Child(key) is not null ? m.At(key) : entry.Node.KeyLocation ?? entry.Node.Location;
                names.Add((name.Fqdn, what, at, role, entry.FrontendPort));
            }
        }

        foreach (var ((machine, port), names) in closed)
        {
            var first = names[0];
            var also = names.Count == 1 ? string.Empty : $" (and {names.Count - 1} more name{(names.Count == 2 ? string.Empty : "s")})";
            context.Report(Rule.Create(first.At,
                $"nginx serves {first.Name} ({first.What}){also} on tcp/{port} of '{machine}', which its input firewall keeps closed: no service of the roles on '{machine}' opens tcp/{port} to clients, so every connection is dropped",
                $"add a service for the port to role '{first.Role.Name}', such as {Suggestion(site, machine, port, first.PlainPort)}",
                [.. names.Skip(1).Select(n => new RelatedLocation(n.At, $"{n.Name} ({n.What}) on tcp/{port} too"))]));
        }
    }

    /// <summary>A service for <paramref name="port"/>, with the clients of the service that opens the plain port when there is one.</summary>
    private static string Suggestion(Site site, string machine, int port, int plainPort)
    {
        var plain = new PortSpec(Protocol.Tcp, plainPort, plainPort);
        var clients = site.Constellations.SelectMany(c => c.Instances).Where(i => i.Machine == machine)
            .SelectMany(i => site.Roles[i.Role]?.Services.AsEnumerable() ?? [])
            .FirstOrDefault(s => s.Clients.Count > 0 && s.Port.Overlaps(plain))?.Clients;
        var name = port == 443 ? "https" : port == 80 ? "http" : $"nginx-{port}";
        return $"'{name}: {{ port: tcp/{port}, clients: [{(clients is null ? "NETWORK" : string.Join(", ", clients))}] }}'";
    }
}
