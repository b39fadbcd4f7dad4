using System.Globalization;
using System.Text.Json;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Sim;

/// <summary>A site network as <c>sim verify</c> asks it: its resolvers, DHCP server, and two free addresses: a probe's when DHCP gives none, and the operator's.</summary>
public sealed record NetworkPromise(string Name, string Cidr, string? Gateway, IReadOnlyList<string> Resolvers, string? DhcpServer, string? SearchDomain, string? ProbeAddress, bool Management)
{
    /// <summary>Where the lab's operator stands on this network (<c>sim ssh</c>): a free address below the probe's.</summary>
    public string? OperatorAddress { get; init; }
}

/// <summary>A name the site publishes and the addresses it must resolve to (after CNAMEs), with the site line behind it.</summary>
public sealed record NamePromise(string Name, IReadOnlyList<string> Addresses, string Source);

/// <summary>A DHCP reservation: the MAC gets the address from the network's DHCP server. <see cref="Machine"/>/<see cref="Interface"/>: where the lab carries the MAC, if it does.</summary>
public sealed record LeasePromise(string Network, string Mac, string Address, string Owner, string? Machine, string? Interface, bool Netboot, string Source);

/// <summary>
/// A service a machine runs: it must answer on <see cref="Port"/> from its <see cref="Clients"/>
/// networks, and not from the others. <see cref="Targets"/>: the address a client of each network
/// talks to (the machine's address on that network, else its first one where it listens).
/// </summary>
public sealed record ServicePromise(string Machine, string Instance, string Role, string Service, string Protocol, int Port, IReadOnlyList<string> Clients, IReadOnlyDictionary<string, string> Targets, string Source);

/// <summary>A machine the operator deploys to over SSH: reached with strict host keys.</summary>
public sealed record SshPromise(string Machine, string CanonName, string Address, string Source);

/// <summary>
/// What the site promises, in terms the lab can check (<c>sim verify</c>): names resolve, reserved
/// MACs get their addresses, services answer their clients and nobody else, SSH reaches every
/// deployable machine. Worked out from the resolved site when the lab comes up, and kept with it,
/// so a verify checks the site the lab was made from.
/// </summary>
public sealed record LabPromises(
    IReadOnlyList<NetworkPromise> Networks,
    IReadOnlyList<NamePromise> Names,
    IReadOnlyList<LeasePromise> Leases,
    IReadOnlyList<ServicePromise> Services,
    IReadOnlyList<SshPromise> Ssh)
{
    public const string FileName = "promises.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));

    public static LabPromises? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<LabPromises>(File.ReadAllText(path)) : null;
    }

    /// <summary>The promises of the machines of <paramref name="plan"/>: names and leases of the whole site, services and SSH of the lab's machines.</summary>
    public static LabPromises From(ResolvedSite resolved, LabPlan plan)
    {
        var site = resolved.Site;
        var inLab = plan.Machines.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var management = (site.Settings.Firewall?.Management ?? []).Select(m => m.Text).ToHashSet(StringComparer.Ordinal);
        var used = resolved.Machines.SelectMany(v => v.Addresses).Select(a => a.Ip).ToHashSet();
        var networks = site.Networks.Select(n =>
        {
            var probe = FreeAddress(n, used);
            var operatorAddress = probe is null ? null : FreeAddress(n, [.. used, probe.Value]);
            return new NetworkPromise(
                n.Name, n.Cidr.ToString(), n.Gateway?.ToString(), n.Dns.Where(d => !d.IsV6).Select(d => d.ToString()).ToList(),
                n.DhcpService?.Server, n.SearchDomain, probe?.ToString(), management.Contains(n.Name)) { OperatorAddress = operatorAddress?.ToString() };
        }).ToList();

        return new LabPromises(networks, NamesOf(resolved), LeasesOf(site, plan), ServicesOf(resolved, inLab), SshOf(resolved, inLab));
    }

    /// <summary>Every canon name at its address, and every name of a private domain: its own records when the site writes some, else the canon name it points at.</summary>
    private static List<NamePromise> NamesOf(ResolvedSite resolved)
    {
        var names = resolved.Names;
        var promises = new List<NamePromise>();
        var canon = names.Canon.Where(n => !n.Ip.IsV6).GroupBy(n => n.Fqdn, StringComparer.OrdinalIgnoreCase).ToList();
        var canonAddresses = canon.ToDictionary(g => g.Key, g => g.Select(n => n.Ip.ToString()).Distinct(StringComparer.Ordinal).ToList(), StringComparer.OrdinalIgnoreCase);
        promises.AddRange(canon.Select(g => new NamePromise(g.Key, canonAddresses[g.Key], g.First().Node.Location.ToString())));

        foreach (var domain in resolved.Site.Domains)
        {
            var explicitNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var record in domain.Records)
            {
                var fqdn = record.Name == "@" ? domain.Name.TrimEnd('.') : record.Name + "." + domain.Name.TrimEnd('.');
                explicitNames.Add(fqdn);
                var addresses = record.A.Select(a => a.ToString()).ToList();
                if (addresses.Count == 0 && record.Cname is { } cname && canonAddresses.TryGetValue(cname.TrimEnd('.'), out var target))
                {
                    addresses = target;
                }

                if (addresses.Count > 0)
                {
                    promises.Add(new NamePromise(fqdn, addresses, record.Node.Location.ToString()));
                }
            }

            if (domain.Public)
            {
                continue; // a public domain publishes its own records only
            }

            foreach (var name in names.InDomains.Where(n => n.Domain == domain.Name && !explicitNames.Contains(n.Fqdn)).DistinctBy(n => n.Fqdn, StringComparer.OrdinalIgnoreCase))
            {
                if (canonAddresses.TryGetValue(name.Target, out var target))
                {
                    promises.Add(new NamePromise(name.Fqdn, target, name.Instance.Node.Location.ToString()));
                }
            }
        }

        return promises;
    }

    /// <summary>Every reservation a DHCP server of the site honours, with the lab interface carrying its MAC.</summary>
    private static List<LeasePromise> LeasesOf(Site site, LabPlan plan)
    {
        var carriers = new Dictionary<string, (string Machine, string Interface)>(StringComparer.OrdinalIgnoreCase);
        foreach (var machine in plan.Machines)
        {
            foreach (var iface in machine.Interfaces.Where(i => i.Mac is not null))
            {
                carriers.TryAdd(iface.Mac!, (machine.Name, iface.Name));
            }
        }

        var leases = new List<LeasePromise>();
        var claims = DhcpClaims.ByNetwork(site);
        foreach (var network in site.Networks.Where(n => n.DhcpService?.Server is not null && !n.Cidr.Network.IsV6))
        {
            foreach (var claim in DhcpClaims.Honoured(network, claims.GetValueOrDefault(network.Name) ?? [], null))
            {
                foreach (var mac in claim.BootMacs.Prepend(claim.Mac).DistinctBy(m => m.Value))
                {
                    var text = mac.ToString();
                    var carrier = carriers.TryGetValue(text, out var c) ? c : ((string, string)?)null;
                    leases.Add(new LeasePromise(network.Name, text, claim.Ip.ToString(), claim.Owner, carrier?.Item1, carrier?.Item2, claim.Netboot, claim.Node.Location.ToString()));
                }
            }
        }

        return leases;
    }

    private static List<ServicePromise> ServicesOf(ResolvedSite resolved, Dictionary<string, LabMachine> inLab)
    {
        var promises = new List<ServicePromise>();
        foreach (var view in resolved.Machines.Where(v => inLab.ContainsKey(v.Name)))
        {
            var own = view.Addresses.Where(a => a.Source != "bmc" && !a.Ip.IsV6).ToList();
            foreach (var service in MachineSetup.Of(resolved, view).Services.Where(s => s.Port.From > 0))
            {
                var listening = own.Where(a => service.Networks.Count == 0 || service.Networks.Contains(a.Network)).ToList();
                if (listening.Count == 0)
                {
                    continue;
                }

                var targets = resolved.Site.Networks.ToDictionary(
                    n => n.Name,
                    n => (listening.FirstOrDefault(a => a.Network == n.Name) ?? listening[0]).Ip.ToString(),
                    StringComparer.Ordinal);
                var source = resolved.Site.Roles[service.Role]?.Services[service.Name]?.Node.Location.ToString() ?? $"role {service.Role}";
                promises.Add(new ServicePromise(view.Name, service.Instance, service.Role, service.Name, service.Port.Protocol == Protocol.Tcp ? "tcp" : "udp",
                    service.Port.From, service.Clients, targets, source));
            }
        }

        return promises;
    }

    private static List<SshPromise> SshOf(ResolvedSite resolved, Dictionary<string, LabMachine> inLab) =>
        SshMachines.Of(resolved.Site)
            .Where(m => inLab.TryGetValue(m.Machine, out var lab) && lab.PrimaryAddress is not null)
            .Select(m => new SshPromise(m.Machine, resolved.Names.CanonFqdn(m.Machine), inLab[m.Machine].PrimaryAddress!, m.Ssh.Node.Location.ToString()))
            .ToList();

    /// <summary>The highest address of the network the site neither uses nor hands out, nor is the gateway or broadcast: where a probe stands when DHCP gives it nothing.</summary>
    private static IpAddress? FreeAddress(Network network, HashSet<IpAddress> used)
    {
        if (network.Cidr.Network.IsV6 || network.Cidr.PrefixLength > 30)
        {
            return null;
        }

        var size = (UInt128)1 << (32 - network.Cidr.PrefixLength);
        var first = network.Cidr.Network.Value;
        for (var offset = size - 2; offset > 0 && size - offset < 4096; offset--)
        {
            var candidate = new IpAddress(first + offset, false);
            if (used.Contains(candidate) || candidate == network.Gateway || network.Dns.Contains(candidate)
                || network.Dhcp is { } pool && pool.Contains(candidate))
            {
                continue;
            }

            return candidate;
        }

        return null;
    }

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
