using System.Text.RegularExpressions;
using Elenta.Core.Analysis.Facts;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Firewall;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Emit.Firewall;

/// <summary>
/// The analysis and the rulesets must agree. emerald-city is built as a lab of namespaces (a
/// bridge per network, ifrit routing between them, a namespace per machine that serves
/// something, a client on every network), every machine loads its generated ruleset, and for
/// every (client network, service) pair a real packet is sent: it must get through exactly when
/// the service names the network among its clients and the analysis reports no EL8005 for it.
/// Done twice: the site as it is (nothing cut off), and with two services given KANSAS clients,
/// one the firewall's rules let through and one they do not (EL8005, made a warning).
/// </summary>
public class FirewallAgreementTests
{
    private const string Variant = """
        analysis: { rules: { EL8005: warning } }
        roles:
          monitoring:
            services:
              loki: { clients: [kansas] }      # no rule of ifrit lets tcp/3100 from home: EL8005
              grafana: { clients: [kansas] }   # the rule below lets tcp/3000 in
        cadaster:
          network:
            firewalls:
              ifrit: { rules: [ { from: home, to: lab, allow: [tcp/3000], description: grafana from home } ] }
        """;

    private static readonly Regex Cut = new(@"^service '(?<service>[^']+)' \([^)]*\) of '(?<instance>[^']+)'.* must be reachable from network '(?<network>[^']+)'", RegexOptions.Compiled);

    private sealed record Pair(string Network, string Role, string Service, string Machine, PortSpec Port, IpAddress Target)
    {
        public string Probe => $"{(Port.Protocol == Protocol.Tcp ? "tcp" : "udp")}:{Target}:{Port.From}";
    }

    [Fact]
    public async Task EveryClientNetworkReachesExactlyTheServicesTheAnalysisSaysItReaches()
    {
        if (!NetnsLab.Available)
        {
            return; // network namespaces need root
        }

        var plain = ExampleSites.Compile("emerald-city");
        var variant = ExampleSites.CompileWith("emerald-city", "firewall-variant.yaml", Variant);
        Assert.DoesNotContain(plain.Diagnostics, d => d.Code == "EL8005");
        Assert.Contains(variant.Diagnostics, d => d.Code == "EL8005");

        using var lab = new NetnsLab();
        var site = plain.Site!;
        var pairs = Pairs(site);
        var clients = Build(lab, site, pairs);

        var checkedPairs = 0;
        var opened = 0;
        foreach (var compilation in new[] { plain, variant })
        {
            var artifacts = EmitterRuns.Run(new FirewallEmitter(), compilation).Artifacts;
            foreach (var machine in pairs.Select(p => p.Machine).Append(Firewall(site).Host).Distinct())
            {
                lab.LoadRuleset(machine, artifacts.Text(FirewallEmitter.OutputPath(machine)));
            }

            var verdicts = Pairs(compilation.Site!);
            var cut = CutOff(compilation);
            var wrong = new List<string>();
            // Every client probes at once: a dropped packet costs the probe's timeout, once.
            var probes = clients.Select(c => Task.Run(() => lab.Probe(c.Client, verdicts.Where(p => p.Network == c.Network).Select(p => p.Probe).Distinct().ToList()))).ToList();
            foreach (var ((network, _), probe) in clients.Zip(probes))
            {
                var these = verdicts.Where(p => p.Network == network).ToList();
                var probed = await probe;
                foreach (var pair in these)
                {
                    var service = compilation.Site!.Roles[pair.Role]!.Services[pair.Service]!;
                    var expected = service.Clients.Contains(network) && !cut.Contains((pair.Role, pair.Service, network));
                    var actual = probed[pair.Probe] == "open";
                    if (expected != actual)
                    {
                        wrong.Add($"{pair.Service} ({pair.Port}, role {pair.Role}) on {pair.Machine} from {network}: analysis says {(expected ? "reachable" : "cut off")}, the packet was {probed[pair.Probe]}");
                    }

                    checkedPairs++;
                    opened += actual ? 1 : 0;
                }
            }

            Assert.True(wrong.Count == 0, "the rulesets and the analysis disagree:\n" + string.Join('\n', wrong));
        }

        // Both verdicts were met, many times over.
        Assert.True(checkedPairs > 40 && opened > 10 && checkedPairs - opened > 10, $"{checkedPairs} pairs checked, {opened} open");
    }

    private static Model.Firewall Firewall(Site site) => site.Cadaster.Firewalls.Single();

    /// <summary>Every (network, service) pair: each placed service with a port, from each network of the site.</summary>
    private static List<Pair> Pairs(Site site)
    {
        var pairs = new List<Pair>();
        var seen = new HashSet<(string, string, string, string)>();
        foreach (var p in PlacementFacts.Placed(site))
        {
            foreach (var service in p.Role.Services)
            {
                var addresses = AddressesOf(site, p.Machine);
                var listening = addresses.Where(a => service.Networks.Count == 0 || service.Networks.Contains(a.Network)).ToList();
                if (service.Port.From <= 0 || listening.Count == 0)
                {
                    continue;
                }

                foreach (var network in site.Networks)
                {
                    if (!seen.Add((network.Name, p.Role.Name, service.Name, p.Machine)))
                    {
                        continue;
                    }

                    // On its own network a client talks to the address there; else through the firewall.
                    var target = listening.Any(a => a.Network == network.Name) ? listening.First(a => a.Network == network.Name).Ip : listening[0].Ip;
                    pairs.Add(new Pair(network.Name, p.Role.Name, service.Name, p.Machine, service.Port, target));
                }
            }
        }

        return pairs;
    }

    /// <summary>(role, service, client network) the analysis reports cut off (EL8005).</summary>
    private static HashSet<(string Role, string Service, string Network)> CutOff(Compilation compilation)
    {
        var roleOf = compilation.Site!.Constellations.SelectMany(c => c.Instances).ToDictionary(i => i.Name, i => i.Role);
        var cut = new HashSet<(string, string, string)>();
        foreach (var d in compilation.Diagnostics.Where(d => d.Code == "EL8005"))
        {
            var m = Cut.Match(d.Message);
            Assert.True(m.Success, d.Message);
            cut.Add((roleOf[m.Groups["instance"].Value], m.Groups["service"].Value, m.Groups["network"].Value));
        }

        return cut;
    }

    private static List<(string Network, IpAddress Ip, string? Interface)> AddressesOf(Site site, string machine)
    {
        if (site.Cadaster.Hosts[machine] is { } host)
        {
            return host.Canon.Select(c => (c.Network, c.Ip, Elenta.Core.Semantics.CarrierInterface.On(host, c.Network))).ToList();
        }

        var guest = site.Constellations.SelectMany(c => c.Instances).First(i => i.Name == machine && i.Address is not null);
        return [(guest.Address!.Network, guest.Address.Ip, null)];
    }

    /// <summary>A switch per network, the firewall host and every serving machine plugged in, a client per network; listeners up.</summary>
    private static List<(string Network, string Client)> Build(NetnsLab lab, Site site, List<Pair> pairs)
    {
        var firewall = Firewall(site);
        foreach (var network in site.Networks)
        {
            lab.AddSwitch("sw-" + network.Name);
        }

        foreach (var machine in pairs.Select(p => p.Machine).Append(firewall.Host).Distinct())
        {
            lab.Add(machine);
            var nics = 0;
            foreach (var group in AddressesOf(site, machine).GroupBy(a => a.Network))
            {
                var network = site.Networks[group.Key]!;
                var nic = group.Select(a => a.Interface).FirstOrDefault(i => i is not null) ?? "eth" + nics;
                nics++;
                lab.Plug(machine, nic, "sw-" + network.Name, [.. group.Select(a => $"{a.Ip}/{network.Cidr.PrefixLength}")]);
            }

            if (machine == firewall.Host)
            {
                lab.Forwarding(machine);
            }
            else if (site.Networks[AddressesOf(site, machine)[0].Network]!.Gateway is { } gateway)
            {
                lab.Route(machine, gateway.ToString());
            }

            var ports = pairs.Where(p => p.Machine == machine)
                .Select(p => $"{(p.Port.Protocol == Protocol.Tcp ? "tcp" : "udp")}:{p.Port.From}").Distinct().ToList();
            if (ports.Count > 0)
            {
                lab.StartListening(machine, ports);
            }
        }

        var clients = new List<(string, string)>();
        foreach (var network in site.Networks)
        {
            var client = "client-" + network.Name;
            lab.Add(client);
            var address = network.Dhcp?.From ?? network.Cidr.Last.Add(-1);
            lab.Plug(client, "eth0", "sw-" + network.Name, $"{address}/{network.Cidr.PrefixLength}");
            if (network.Gateway is { } gateway)
            {
                lab.Route(client, gateway.ToString());
            }

            clients.Add((network.Name, client));
        }

        lab.WaitListening();
        return clients;
    }
}
