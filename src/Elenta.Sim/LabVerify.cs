using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Elenta.Sim;

/// <summary>One promise <c>sim verify</c> checked: what (kind and subject), whether the lab kept it, what it saw, and the site line behind it.</summary>
public sealed record PromiseResult(string Kind, string Subject, bool Kept, string Detail, string Source);

/// <summary>Everything <c>sim verify</c> checked.</summary>
public sealed record VerifyReport(string Lab, IReadOnlyList<PromiseResult> Results, IReadOnlyList<string> Notes)
{
    public bool Passed => Results.All(r => r.Kept);
}

/// <summary>
/// A client of one site network, made by <c>sim verify</c> and removed after it: a network namespace
/// (<c>elenta-LAB-@N</c>, recorded in the journal as a probe first) plugged into the network's
/// bridge, which asks the network's DHCP server for an address like any client and otherwise
/// stands at a free address of the network.
/// </summary>
public sealed record LabProbe(string Network, string Namespace, string Port, string? Address, string? LeasedFrom, IReadOnlyList<string> Resolvers);

/// <summary>
/// <c>sim verify</c>: checks, in the running lab, what the site promises (<see cref="LabPromises"/>):
/// every name resolves to what the site says through the resolver DHCP gives each network's clients;
/// each reserved MAC the lab carries gets its address from the real DHCP server; each service
/// answers from the networks its <c>clients</c> lists and is refused from the others; SSH with
/// strict host keys reaches every deployable machine from a management network.
/// </summary>
public static class LabVerify
{
    public const string ProbeJournalKind = LabProbes.JournalKind;

    /// <summary>
    /// What a lab made of part of the site (<c>sim up --only</c>) can be asked: a resolver it runs,
    /// an address on the probe's own network, or one beyond the network's gateway when the lab runs it.
    /// </summary>
    private sealed class Scope(LabPlan plan, LabPromises promises)
    {
        private readonly HashSet<string> addresses = plan.Machines.SelectMany(m => m.Interfaces).SelectMany(i => i.Addresses)
            .Select(a => a[..a.IndexOf('/')]).ToHashSet(StringComparer.Ordinal);

        public int Skipped;

        public bool InLab(string address) => addresses.Contains(address);

        public bool Reaches(LabProbe probe, string address, bool count = true)
        {
            var network = promises.Networks.First(n => n.Name == probe.Network);
            if (System.Net.IPNetwork.Parse(network.Cidr).Contains(System.Net.IPAddress.Parse(address)) || network.Gateway is { } gw && InLab(gw))
            {
                return true;
            }

            if (count)
            {
                Interlocked.Increment(ref Skipped);
            }

            return false;
        }
    }

    public static VerifyReport Run(Lab lab, Action<string>? progress = null)
    {
        Lab.RequireRoot();
        var plan = lab.Plan ?? throw new LabException($"lab '{lab.Name}' has no plan: is it up? ('elenta sim status')");
        var promises = lab.Promises ?? throw new LabException($"lab '{lab.Name}' was brought up without the site's promises: bring it up again with this version");
        var results = new ConcurrentBag<PromiseResult>();
        var notes = new List<string>();
        var scope = new Scope(plan, promises);
        var probes = LabProbes.Create(lab, plan, promises, progress);
        try
        {
            foreach (var probe in probes)
            {
                var network = promises.Networks.First(n => n.Name == probe.Network);
                if (network.DhcpServer is { } server && plan.Machines.Any(m => m.Name == server))
                {
                    results.Add(new PromiseResult("dhcp", $"a client on {network.Name} gets an address from {server}", probe.LeasedFrom is not null,
                        probe.LeasedFrom is null ? "no lease: the probe stands at " + (probe.Address ?? "no address") : $"leased {probe.Address} from {probe.LeasedFrom}",
                        $"network {network.Name}"));
                }
            }

            var tasks = new List<Task>
            {
                Task.Run(() => Names(promises, probes, results, scope)),
                Task.Run(() => Leases(lab, plan, promises, results)),
                Task.Run(() => Services(promises, probes, results, scope)),
                Task.Run(() => Ssh(lab, plan, promises, probes, results, notes, scope)),
            };
            Task.WaitAll(tasks);

            // Last, as it changes the probes' MACs: the reservations no lab interface carries.
            ProbeLeases(lab, plan, promises, probes, results);
        }
        finally
        {
            LabProbes.Remove(lab, probes);
        }

        if (scope.Skipped > 0)
        {
            notes.Add($"{scope.Skipped} checks skipped: the lab holds only part of the site (sim up --only), without the resolver or router they need");
        }

        return new VerifyReport(lab.Name, [.. results.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Subject, StringComparer.Ordinal)], notes);
    }

    /// <summary>Every name, asked from each network's probe through each resolver the network's clients are given.</summary>
    private static void Names(LabPromises promises, IReadOnlyList<LabProbe> probes, ConcurrentBag<PromiseResult> results, Scope scope)
    {
        foreach (var probe in probes.Where(p => p.Address is not null))
        {
            foreach (var resolver in probe.Resolvers)
            {
                if (!scope.InLab(resolver) || !scope.Reaches(probe, resolver))
                {
                    Interlocked.Add(ref scope.Skipped, promises.Names.Count);
                    continue;
                }

                // A resolver that does not answer at all fails every name at once, not one timeout each.
                var first = promises.Names.FirstOrDefault();
                if (first is not null && Shell.Exec("ip", ["netns", "exec", probe.Namespace, "dig", "@" + resolver, "+time=2", "+tries=2", first.Name, "A"]).Code != 0)
                {
                    foreach (var name in promises.Names)
                    {
                        results.Add(new PromiseResult("dns", $"{name.Name} from {probe.Network} via {resolver}", false,
                            $"expected {string.Join(", ", name.Addresses)}, got no answer: the resolver does not answer", name.Source));
                    }

                    continue;
                }

                var answers = new Dictionary<string, List<(string Type, string Data)>>(StringComparer.OrdinalIgnoreCase);
                var outputs = promises.Names.Chunk(25).AsParallel().AsOrdered().Select(chunk =>
                    Shell.Exec("ip", ["netns", "exec", probe.Namespace, "dig", "@" + resolver, "+noall", "+answer", "+time=2", "+tries=2", .. chunk.SelectMany(n => new[] { n.Name, "A" })]).Output).ToList();
                foreach (var output in outputs)
                {
                    foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                        if (fields.Length >= 5 && !line.StartsWith(';'))
                        {
                            var owner = fields[0].TrimEnd('.');
                            if (!answers.TryGetValue(owner, out var list))
                            {
                                answers[owner] = list = [];
                            }

                            list.Add((fields[3], fields[4].TrimEnd('.')));
                        }
                    }
                }

                foreach (var name in promises.Names)
                {
                    var got = Resolve(answers, name.Name).Order(StringComparer.Ordinal).ToList();
                    var want = name.Addresses.Order(StringComparer.Ordinal).ToList();
                    var kept = got.SequenceEqual(want, StringComparer.Ordinal);
                    results.Add(new PromiseResult("dns", $"{name.Name} from {probe.Network} via {resolver}", kept,
                        kept ? string.Join(", ", got) : $"expected {string.Join(", ", want)}, got {(got.Count == 0 ? "no answer" : string.Join(", ", got))}", name.Source));
                }
            }
        }
    }

    /// <summary>The addresses a name ends at, following the CNAMEs in the answers.</summary>
    private static IEnumerable<string> Resolve(Dictionary<string, List<(string Type, string Data)>> answers, string name)
    {
        for (var hops = 0; hops < 8 && answers.TryGetValue(name, out var records); hops++)
        {
            var addresses = records.Where(r => r.Type == "A").Select(r => r.Data).Distinct(StringComparer.Ordinal).ToList();
            if (addresses.Count > 0)
            {
                return addresses;
            }

            if (records.FirstOrDefault(r => r.Type == "CNAME") is not { Data: not null } cname)
            {
                break;
            }

            name = cname.Data;
        }

        return [];
    }

    /// <summary>Each reserved MAC a lab machine carries asks the network's DHCP server, with a real client (busybox udhcpc) in that machine.</summary>
    private static void Leases(Lab lab, LabPlan plan, LabPromises promises, ConcurrentBag<PromiseResult> results)
    {
        var servers = promises.Networks.Where(n => n.DhcpServer is not null).ToDictionary(n => n.Name, n => n.DhcpServer!, StringComparer.Ordinal);
        var inLab = plan.Machines.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var asks = promises.Leases
            .Where(l => l.Machine is not null && inLab.Contains(l.Machine) && servers.TryGetValue(l.Network, out var s) && inLab.Contains(s) && s != l.Machine)
            .ToList();
        Parallel.ForEach(asks.GroupBy(l => l.Machine!), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, group =>
        {
            foreach (var lease in group)
            {
                var (address, detail) = AskDhcp(lab, lease.Machine!, lease.Interface!);
                results.Add(new PromiseResult("dhcp", $"{lease.Mac} ({lease.Owner}) leases {lease.Address}{(lease.Netboot ? ", netbooted" : string.Empty)}",
                    address == lease.Address, address == lease.Address ? detail : $"expected {lease.Address}: {detail}", lease.Source));
            }
        });
    }

    /// <summary>
    /// The reservations whose MAC no lab machine carries (a BMC, a boot NIC the lab does not model):
    /// the network's probe takes the MAC for the question, then its own back.
    /// </summary>
    private static void ProbeLeases(Lab lab, LabPlan plan, LabPromises promises, IReadOnlyList<LabProbe> probes, ConcurrentBag<PromiseResult> results)
    {
        var inLab = plan.Machines.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var carried = plan.Machines.SelectMany(m => m.Interfaces).Select(i => i.Mac).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var script = Path.Combine(lab.StateDirectory, "lease-echo.sh");
        File.WriteAllText(script, EchoLease);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        Parallel.ForEach(probes, probe =>
        {
            var network = promises.Networks.First(n => n.Name == probe.Network);
            if (network.DhcpServer is not { } server || !inLab.Contains(server))
            {
                return;
            }

            var own = Shell.Exec("ip", ["netns", "exec", probe.Namespace, "cat", "/sys/class/net/eth0/address"]).Output.Trim();
            foreach (var lease in promises.Leases.Where(l => l.Network == probe.Network && !carried.Contains(l.Mac)))
            {
                Shell.Run("ip", ["-n", probe.Namespace, "-batch", "-"], $"link set eth0 down\nlink set eth0 address {lease.Mac}\nlink set eth0 up\n");
                var line = LeaseLine(Shell.Exec("ip", ["netns", "exec", probe.Namespace, .. Udhcpc("eth0", script)]).Output);
                var address = line?.Split(' ')[1];
                results.Add(new PromiseResult("dhcp", $"{lease.Mac} ({lease.Owner}) leases {lease.Address}{(lease.Netboot ? ", netbooted" : string.Empty)}",
                    address == lease.Address, line is null ? $"expected {lease.Address}: no lease (asked by the {probe.Network} probe with that MAC)"
                        : address == lease.Address ? $"the {probe.Network} probe with that MAC: {line}" : $"expected {lease.Address}: {line}", lease.Source));
            }

            Shell.Run("ip", ["-n", probe.Namespace, "-batch", "-"], $"link set eth0 down\nlink set eth0 address {own}\nlink set eth0 up\n", check: false);
        });
    }

    /// <summary>udhcpc's script for a question that changes nothing: it prints the lease it was given.</summary>
    private const string EchoLease = "#!/bin/sh\n[ \"$1\" = bound ] && echo \"lease $ip from $serverid\"\nexit 0\n";

    /// <summary>busybox udhcpc asking once on an interface (a few tries), running <paramref name="script"/> on the lease.</summary>
    internal static string[] Udhcpc(string iface, string script, int tries = 3, int seconds = 1) =>
        ["udhcpc", "-i", iface, "-n", "-q", "-f", "-t", LabPromises.Text(tries), "-T", LabPromises.Text(seconds), "-A", "1", "-s", script];

    /// <summary>The "lease ADDRESS from SERVER ..." line a lease script printed, if any.</summary>
    internal static string? LeaseLine(string output) => output.Split('\n').FirstOrDefault(l => l.StartsWith("lease ", StringComparison.Ordinal));

    /// <summary>udhcpc on one interface of a machine, changing nothing: prints the address it was offered and bound.</summary>
    private static (string? Address, string Detail) AskDhcp(Lab lab, string machine, string iface)
    {
        const string Script = "/run/elenta-sim-lease.sh";
        var (_, output, error) = lab.Capture(machine, ["bash", "-c", $"printf '%s' \"$1\" > {Script} && chmod +x {Script} && shift && exec \"$@\" 2>&1", "bash", EchoLease, .. Udhcpc(iface, Script)]);
        var line = LeaseLine(output);
        if (line is null)
        {
            return (null, "no lease: " + string.Join(" | ", (output + error).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(2)));
        }

        var words = line.Split(' ');
        return (words[1], $"{machine} {iface}: {line}");
    }

    /// <summary>Each TCP service from every network's probe: open exactly from its clients' networks.</summary>
    private static void Services(LabPromises promises, IReadOnlyList<LabProbe> probes, ConcurrentBag<PromiseResult> results, Scope scope)
    {
        Parallel.ForEach(probes.Where(p => p.Address is not null), probe =>
        {
            var tcp = promises.Services.Where(s => s.Protocol == "tcp" && scope.Reaches(probe, s.Targets[probe.Network])).ToList();
            var targets = tcp.Select(s => s.Targets[probe.Network] + ":" + LabPromises.Text(s.Port)).Distinct(StringComparer.Ordinal).ToList();
            var open = Connect(probe, targets);
            foreach (var service in tcp)
            {
                var target = service.Targets[probe.Network] + ":" + LabPromises.Text(service.Port);
                var expected = service.Clients.Contains(probe.Network);
                var actual = open.Contains(target);
                results.Add(new PromiseResult("service", $"{service.Service} of {service.Instance} ({target}) {(expected ? "answers" : "is refused")} from {probe.Network}",
                    expected == actual, actual ? "connected" : "no connection", service.Source));
            }
        });
    }

    /// <summary>Tries every target at once from the probe (2 s each); returns those that accepted the connection.</summary>
    private static HashSet<string> Connect(LabProbe probe, IReadOnlyList<string> targets)
    {
        var script = new StringBuilder();
        foreach (var target in targets)
        {
            var (ip, port) = (target[..target.LastIndexOf(':')], target[(target.LastIndexOf(':') + 1)..]);
            script.Append($"( timeout 2 bash -c 'exec 3<>/dev/tcp/{ip}/{port}' 2>/dev/null && echo {target} ) &\n");
        }

        script.Append("wait\n");
        var output = Shell.Exec("ip", ["netns", "exec", probe.Namespace, "bash", "-c", script.ToString()]).Output;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>SSH as the operator, from a management network's probe, with strict host keys against the lab's known_hosts.</summary>
    private static void Ssh(Lab lab, LabPlan plan, LabPromises promises, IReadOnlyList<LabProbe> probes, ConcurrentBag<PromiseResult> results, List<string> notes, Scope scope)
    {
        var management = promises.Networks.Where(n => n.Management).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var from = probes.Where(p => p.Address is not null)
            .OrderByDescending(p => promises.Ssh.Count(s => scope.Reaches(p, s.Address, count: false)))
            .ThenByDescending(p => management.Contains(p.Network)).FirstOrDefault();
        if (from is null)
        {
            lock (notes)
            {
                notes.Add("ssh not checked: no probe has an address");
            }

            return;
        }

        Parallel.ForEach(promises.Ssh.Where(s => scope.Reaches(from, s.Address)), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, ssh =>
        {
            var machine = plan.Machines.First(m => m.Name == ssh.Machine);
            var (code, output, error) = Shell.Exec("ip", ["netns", "exec", from.Namespace, .. LabSsh.Client(lab.StateDirectory, machine, lab.KnownHosts, ["hostname"])]);
            var kept = code == 0 && output.Trim() == ssh.Machine;
            results.Add(new PromiseResult("ssh", $"{ssh.CanonName} ({ssh.Address}) from {from.Network}", kept,
                kept ? "strict host key checked; hostname " + output.Trim() : $"exit {code.ToString(CultureInfo.InvariantCulture)}: {(error + output).Trim()}", ssh.Source));
        });
    }
}

/// <summary>The probes of <c>sim verify</c>: one client per site network, made and removed around the checks.</summary>
internal static class LabProbes
{
    public const string JournalKind = "probe";

    public static string Namespace(string lab, int network) => Names.Prefix + lab + "-@" + network.ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<LabProbe> Create(Lab lab, LabPlan plan, LabPromises promises, Action<string>? progress)
    {
        var journal = LabJournal.For(lab.Name, Path.GetDirectoryName(lab.StateDirectory));
        var made = new List<(int Index, string Namespace, string Port)>();
        for (var n = 0; n < plan.Networks.Count; n++)
        {
            var ns = Namespace(lab.Name, n);
            if (File.Exists(Path.Combine("/run/netns", ns)))
            {
                Shell.Run("ip", ["netns", "delete", ns], check: false); // left by a verify that was killed
            }

            made.Add((n, ns, Names.Tag(lab.Name) + "p" + n.ToString(CultureInfo.InvariantCulture)));
        }

        journal.Record(made.Select(m => (JournalKind, m.Namespace)));
        try
        {
            return Make(lab, plan, promises, made, progress);
        }
        catch
        {
            Shell.Run("ip", ["-force", "-batch", "-"], string.Concat(made.Select(m => $"netns delete {m.Namespace}\n")), check: false);
            throw;
        }
    }

    private static IReadOnlyList<LabProbe> Make(Lab lab, LabPlan plan, LabPromises promises, List<(int Index, string Namespace, string Port)> made, Action<string>? progress)
    {
        Shell.Run("ip", ["-batch", "-"], string.Concat(made.Select(m => $"netns add {m.Namespace}\n")));
        var script = Path.Combine(lab.StateDirectory, "probe-dhcp.sh");
        File.WriteAllText(script, "#!/bin/sh\n[ \"$1\" = bound ] || exit 0\nip addr add \"$ip/$mask\" dev \"$interface\"\n"
            + "[ -n \"$router\" ] && ip route replace default via \"${router%% *}\"\necho \"lease $ip from $serverid dns $dns\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        var switchCommands = new StringBuilder();
        foreach (var (index, ns, port) in made)
        {
            var mac = "02:e5:5e:00:" + (index / 256).ToString("x2", CultureInfo.InvariantCulture) + ":" + (index % 256).ToString("x2", CultureInfo.InvariantCulture);
            switchCommands.Append($"link add name {port} type veth peer name eth0 address {mac} netns {ns}\nlink set {port} master {plan.Bridge(index)}\nlink set {port} up\n");
        }

        // Ports a killed verify left behind (their probes were deleted above).
        Shell.Run("ip", ["-force", "-n", plan.SwitchNamespace, "-batch", "-"], string.Concat(made.Select(m => $"link delete {m.Port}\n")), check: false);
        Shell.Run("ip", ["-n", plan.SwitchNamespace, "-batch", "-"], switchCommands.ToString());
        var results = new ConcurrentBag<LabProbe>();
        Parallel.ForEach(made, m =>
        {
            var network = promises.Networks.First(p => p.Name == plan.Networks[m.Index].Name);
            Shell.Run("ip", ["-n", m.Namespace, "-batch", "-"], "link set lo up\nlink set eth0 up\n");
            string? address = null;
            string? leasedFrom = null;
            var resolvers = network.Resolvers;
            if (network.DhcpServer is { } server && plan.Machines.Any(machine => machine.Name == server))
            {
                // Up to 4 tries 2 s apart: dnsmasq pings a pool address (3 s) before it offers it.
                if (LabVerify.LeaseLine(Shell.Exec("ip", ["netns", "exec", m.Namespace, .. LabVerify.Udhcpc("eth0", script, tries: 4, seconds: 2)]).Output) is { } line)
                {
                    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    address = words[1];
                    leasedFrom = words[3];
                    var dns = words.SkipWhile(w => w != "dns").Skip(1).ToList();
                    resolvers = dns.Count > 0 ? dns : resolvers;
                }
            }

            if (address is null && network.ProbeAddress is { } free)
            {
                var prefix = network.Cidr[(network.Cidr.IndexOf('/') + 1)..];
                var commands = $"addr add {free}/{prefix} dev eth0\n" + (network.Gateway is { } gw ? $"route add default via {gw}\n" : string.Empty);
                Shell.Run("ip", ["-n", m.Namespace, "-batch", "-"], commands, check: false);
                address = free;
            }

            results.Add(new LabProbe(network.Name, m.Namespace, m.Port, address, leasedFrom, resolvers));
        });

        progress?.Invoke($"{made.Count} probes, one client per network: " + string.Join(", ", results.OrderBy(p => p.Network, StringComparer.Ordinal)
            .Select(p => $"{p.Network} at {p.Address ?? "no address"}{(p.LeasedFrom is null ? string.Empty : " (DHCP)")}")));
        return [.. results.OrderBy(p => p.Namespace, StringComparer.Ordinal)];
    }

    /// <summary>The operator's namespace: where <c>sim ssh</c> connects from, like an operator's laptop on a management network.</summary>
    public static string OperatorNamespace(string lab) => Names.Prefix + lab + "-@operator";

    /// <summary>
    /// Places the operator on the first management network (the first network when the site names
    /// none) at a free address, routed by the network's gateway: <c>sim ssh</c> then crosses the
    /// site's networks and firewalls as an operator would. Null when no network has a free address.
    /// </summary>
    public static string? PlaceOperator(Lab lab, LabPlan plan, LabPromises promises)
    {
        var network = promises.Networks.Where(n => n.OperatorAddress is not null).OrderByDescending(n => n.Management).FirstOrDefault();
        var index = network is null ? -1 : plan.Networks.ToList().FindIndex(n => n.Name == network.Name);
        if (network is null || index < 0)
        {
            return null;
        }

        var ns = OperatorNamespace(lab.Name);
        LabJournal.For(lab.Name, Path.GetDirectoryName(lab.StateDirectory)).Record(JournalKind, ns);
        var port = Names.Tag(lab.Name) + "op";
        Shell.Run("ip", ["netns", "add", ns]);
        Shell.Run("ip", ["-n", plan.SwitchNamespace, "-batch", "-"],
            $"link add name {port} type veth peer name eth0 address 02:e5:5e:ff:ff:fe netns {ns}\nlink set {port} master {plan.Bridge(index)}\nlink set {port} up\n");
        var prefix = network.Cidr[(network.Cidr.IndexOf('/') + 1)..];
        Shell.Run("ip", ["-n", ns, "-batch", "-"], $"link set lo up\nlink set eth0 up\naddr add {network.OperatorAddress}/{prefix} dev eth0\n"
            + (network.Gateway is { } gateway ? $"route add default via {gateway}\n" : string.Empty));
        return $"{network.Name} at {network.OperatorAddress}";
    }

    public static void Remove(Lab lab, IReadOnlyList<LabProbe> probes)
    {
        // Processes a probe started (a client still waiting) go with it; the veth's switch end goes with its peer.
        foreach (var probe in probes)
        {
            foreach (var pid in Shell.Exec("ip", ["netns", "pids", probe.Namespace]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Shell.Exec("kill", ["-9", pid.Trim()]);
            }
        }

        // The switch ends first, synchronously: a namespace's links go with it only some time after its deletion,
        // and a verify right after this one makes ports of the same names.
        Shell.Run("ip", ["-force", "-n", Names.Switch(lab.Name), "-batch", "-"], string.Concat(probes.Select(p => $"link delete {p.Port}\n")), check: false);
        Shell.Run("ip", ["-force", "-batch", "-"], string.Concat(probes.Select(p => $"netns delete {p.Namespace}\n")), check: false);
    }
}
