using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Elenta.Sim;

/// <summary>A daemon the lab started in a machine, because the build sent the machine its configuration.</summary>
public sealed record LabDaemon(string Machine, string Name);

/// <summary>What <see cref="LabServices.Start"/> did: daemons started, those that failed and why, stand-in listeners.</summary>
public sealed record LabServicesOutcome(IReadOnlyList<LabDaemon> Started, IReadOnlyList<(LabDaemon Daemon, string Reason)> Failed, IReadOnlyList<string> StandIns)
{
    public static readonly LabServicesOutcome None = new([], [], []);
}

/// <summary>
/// The site's daemons in the lab's machines, started from exactly the files the build placed there:
/// a machine that received <c>/etc/nsd/nsd.conf</c> runs NSD, one with an Unbound fragment runs
/// Unbound, and so on (<see cref="Daemons"/>). Each starts as the machine's own process (so
/// <c>sim down</c> finds it by namespace), its output in the machine's
/// <c>/var/log/elenta-sim/</c>. Order: every machine's nftables ruleset first (the daemons then
/// live behind the site's firewall, as they will on the hardware), the NSD primaries, their
/// secondaries, then the rest. A service of the site that no daemon of the lab provides (a
/// database, a media server) gets a stand-in listener on its port (<c>socat</c>), so that
/// <c>sim verify</c> can tell whether its clients reach it.
/// </summary>
public static partial class LabServices
{
    private const string Log = "/var/log/elenta-sim";

    /// <summary>A daemon: its name, the configuration that makes a machine run it (a path under /etc, '*' a wildcard), its phase, its start script.</summary>
    private sealed record Daemon(string Name, string Config, int Phase, string Script);

    /// <summary>Waits (up to 5 s) until the daemon's pid file names a live process.</summary>
    private static string Alive(string name, string pidFile) =>
        $"for i in $(seq 50); do [ -s {pidFile} ] && kill -0 \"$(cat {pidFile})\" 2>/dev/null && exit 0; sleep 0.1; done\n"
        + $"echo \"{name} did not stay up:\" >&2; tail -n 5 {Log}/{name}.log >&2; exit 1\n";

    /// <summary>Runs a command with its output into the daemon's log; on failure, prints the log's end and stops.</summary>
    private static string Logged(string name, string command) =>
        $"{command} </dev/null >>{Log}/{name}.log 2>&1 || {{ tail -n 5 {Log}/{name}.log >&2; exit 1; }}\n";

    private static readonly Daemon[] Daemons =
    [
        new("nftables", "/etc/nftables.d/elenta.nft", 0, "nft -f /etc/nftables.d/elenta.nft\n"),
        new("nsd", "/etc/nsd/nsd.conf", 1,
            "mkdir -p /run/nsd /var/lib/nsd/elenta\nchown nsd:nsd /run/nsd /var/lib/nsd /var/lib/nsd/elenta\n"
            + "[ -s /etc/nsd/nsd_server.key ] || nsd-control-setup -d /etc/nsd >/dev/null 2>&1\n"
            + "nsd-checkconf /etc/nsd/nsd.conf\n"
            + Logged("nsd", "nsd -c /etc/nsd/nsd.conf -P /run/nsd/nsd.pid")
            + Alive("nsd", "/run/nsd/nsd.pid")),
        new("unbound", "/etc/unbound/unbound.conf.d/elenta.conf", 3,
            "[ -s /var/lib/unbound/root.key ] || install -o unbound -g unbound -m 644 /usr/share/dns/root.key /var/lib/unbound/root.key\n"
            + "out=$(unbound-checkconf 2>&1) || { echo \"$out\" >&2; exit 1; }\n"
            + Logged("unbound", "unbound")
            + Alive("unbound", "/run/unbound.pid")),
        new("dnsmasq", "/etc/dnsmasq.d/elenta*.conf", 3,
            Logged("dnsmasq", $"dnsmasq --conf-file=/dev/null --conf-dir=/etc/dnsmasq.d/,*.conf --pid-file=/run/dnsmasq.pid --log-facility={Log}/dnsmasq.log")
            + Alive("dnsmasq", "/run/dnsmasq.pid")),
        new("kea-dhcp4", "/etc/kea/kea-dhcp4.conf", 3,
            "mkdir -p /run/kea /run/lock/kea /var/lib/kea\n"
            + Logged("kea-dhcp4", "kea-dhcp4 -t /etc/kea/kea-dhcp4.conf")
            + $"setsid kea-dhcp4 -c /etc/kea/kea-dhcp4.conf </dev/null >>{Log}/kea-dhcp4.log 2>&1 & echo $! >/run/elenta-sim-kea-dhcp4.pid\n"
            + Alive("kea-dhcp4", "/run/elenta-sim-kea-dhcp4.pid")),
        new("kea-dhcp6", "/etc/kea/kea-dhcp6.conf", 3,
            "mkdir -p /run/kea /run/lock/kea /var/lib/kea\n"
            + Logged("kea-dhcp6", "kea-dhcp6 -t /etc/kea/kea-dhcp6.conf")
            + $"setsid kea-dhcp6 -c /etc/kea/kea-dhcp6.conf </dev/null >>{Log}/kea-dhcp6.log 2>&1 & echo $! >/run/elenta-sim-kea-dhcp6.pid\n"
            + Alive("kea-dhcp6", "/run/elenta-sim-kea-dhcp6.pid")),
        new("radvd", "/etc/radvd.conf", 3,
            Logged("radvd", $"radvd -C /etc/radvd.conf -p /run/radvd.pid -m logfile -l {Log}/radvd.log")
            + Alive("radvd", "/run/radvd.pid")),
        new("nginx", "/etc/nginx/conf.d/elenta*.conf", 3,
            // The package's own default site answers port 80 as default_server, as the generated one does.
            "rm -f /etc/nginx/sites-enabled/default\n"
            + "out=$(nginx -t 2>&1) || { echo \"$out\" >&2; exit 1; }\n"
            + Logged("nginx", "nginx")
            + Alive("nginx", "/run/nginx.pid")),
    ];

    /// <summary>
    /// Before the machines start, into their private layers: /etc/resolv.conf naming the resolvers
    /// of the machine's networks (what DHCP or its view tells it), the TSIG keys its nsd.conf
    /// includes (from the lab's secrets: the build made them for the lab, never the site's own), and
    /// a throwaway certificate for every TLS certificate its nginx names that the lab does not have.
    /// Returns what could not be prepared.
    /// </summary>
    public static IReadOnlyList<string> Prepare(LabPlan plan, LabPromises? promises, string? secrets, Func<string, string> machineDirectory)
    {
        var problems = new List<string>();
        foreach (var machine in plan.Machines)
        {
            var etc = Path.Combine(machineDirectory(machine.Name), "etc.up");
            if (promises is not null)
            {
                File.WriteAllText(Path.Combine(etc, "resolv.conf"), ResolvConf(machine, promises));
            }

            var nsdConf = Path.Combine(etc, "nsd", "nsd.conf");
            if (File.Exists(nsdConf))
            {
                foreach (Match include in TsigInclude().Matches(File.ReadAllText(nsdConf)))
                {
                    var name = include.Groups["name"].Value;
                    var secret = secrets is null ? null : Path.Combine(secrets, "tsig", name + ".key");
                    if (secret is null || !File.Exists(secret))
                    {
                        problems.Add($"{machine.Name}: nsd.conf includes the TSIG key {name}, which the lab has no secret for");
                        continue;
                    }

                    var target = Path.Combine(etc, "nsd", "elenta-keys", name + ".key");
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(secret, target, overwrite: true);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
                    }
                    Shell.Run("chgrp", ["nsd", target], check: false);
                }
            }

            problems.AddRange(Certificates(machine.Name, etc));
        }

        return problems;
    }

    private static string ResolvConf(LabMachine machine, LabPromises promises)
    {
        var networks = machine.Interfaces.Select(i => i.Network).Distinct(StringComparer.Ordinal)
            .Select(n => promises.Networks.FirstOrDefault(p => p.Name == n)).OfType<NetworkPromise>().ToList();
        var text = new StringBuilder("# elenta sim: the resolvers and search domains of this machine's networks\n");
        var search = networks.Select(n => n.SearchDomain).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (search.Count > 0)
        {
            text.Append("search ").Append(string.Join(' ', search)).Append('\n');
        }

        foreach (var resolver in networks.SelectMany(n => n.Resolvers).Distinct(StringComparer.Ordinal).Take(3))
        {
            text.Append("nameserver ").Append(resolver).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A lab certificate (self-signed, 30 days) for each certificate a machine's nginx names and neither the build nor the host provides.</summary>
    private static IEnumerable<string> Certificates(string machine, string etc)
    {
        var conf = Path.Combine(etc, "nginx", "conf.d");
        if (!Directory.Exists(conf))
        {
            yield break;
        }

        var pairs = new Dictionary<(string Cert, string Key), SortedSet<string>>();
        foreach (var file in Directory.EnumerateFiles(conf, "elenta*.conf").Order(StringComparer.Ordinal))
        {
            foreach (Match server in ServerBlock().Matches(File.ReadAllText(file)))
            {
                var body = server.Value;
                var cert = Directive(body, "ssl_certificate");
                var key = Directive(body, "ssl_certificate_key");
                if (cert is null || key is null)
                {
                    continue;
                }

                if (!pairs.TryGetValue((cert, key), out var names))
                {
                    pairs[(cert, key)] = names = new SortedSet<string>(StringComparer.Ordinal);
                }

                foreach (var name in (Directive(body, "server_name") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(n => n != "_"))
                {
                    names.Add(name);
                }
            }
        }

        foreach (var ((cert, key), names) in pairs)
        {
            string InLayer(string path) => path.StartsWith("/etc/", StringComparison.Ordinal) ? LabFiles.InLayer(etc, path[5..]) ?? string.Empty : string.Empty;
            if (InLayer(cert).Length == 0 || InLayer(key).Length == 0)
            {
                yield return $"{machine}: nginx's certificate {cert} is outside /etc: the lab cannot make one there";
                continue;
            }

            if (File.Exists(InLayer(cert)) || File.Exists(cert))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(InLayer(cert))!);
            Directory.CreateDirectory(Path.GetDirectoryName(InLayer(key))!);
            var subject = names.Count > 0 ? names.First() : machine;
            var (code, _, error) = Shell.Exec("openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                "-subj", $"/CN={subject}/O=elenta-sim lab certificate", "-addext", "subjectAltName=" + string.Join(',', names.Append(subject).Distinct(StringComparer.Ordinal).Select(n => "DNS:" + n)),
                "-keyout", InLayer(key), "-out", InLayer(cert)]);
            if (code != 0)
            {
                yield return $"{machine}: openssl could not make a lab certificate for {cert}: {error.Trim()}";
            }
        }
    }

    private static string? Directive(string block, string name)
    {
        var match = Regex.Match(block, @"(?m)^\s*" + Regex.Escape(name) + @"\s+([^;]+);");
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    /// <summary>
    /// Starts every machine's daemons and stand-ins with one script per machine (its firewall first,
    /// then its daemons in order, then the stand-ins), machines side by side: first every machine
    /// but the NSD secondaries, then those, so that their first transfer finds a primary.
    /// </summary>
    public static LabServicesOutcome Start(Lab lab, LabPlan plan, LabPromises? promises, Action<string>? progress = null)
    {
        var started = new ConcurrentBag<LabDaemon>();
        var failed = new ConcurrentBag<(LabDaemon, string)>();
        var standIns = new ConcurrentBag<string>();
        var tcp = (promises?.Services ?? []).Where(s => s.Protocol == "tcp").ToLookup(s => s.Machine, StringComparer.Ordinal);
        var work = plan.Machines
            .Select(m => (Machine: m.Name, Daemons: Daemons.Where(d => Has(lab, m.Name, d.Config)).Select(d => (Daemon: d, Phase: PhaseOf(lab, m.Name, d))).OrderBy(d => d.Phase).ToList(),
                Ports: tcp[m.Name].DistinctBy(s => s.Port).ToList()))
            .Where(w => w.Daemons.Count > 0 || w.Ports.Count > 0)
            .ToList();
        foreach (var wave in work.GroupBy(w => w.Daemons.Any(d => d.Phase == 2)).OrderBy(g => g.Key))
        {
            Parallel.ForEach(wave, new ParallelOptions { MaxDegreeOfParallelism = 16 }, w =>
            {
                var script = new StringBuilder($"mkdir -p {Log}\n");
                foreach (var (daemon, _) in w.Daemons)
                {
                    // Each daemon in a subshell of its own: its failure is reported, the next one still starts.
                    script.Append($"if out=$( (set -e\n{daemon.Script}) 2>&1 ); then echo '@@ok {daemon.Name}'; else echo '@@fail {daemon.Name}'; printf '%s\\n' \"$out\" | tail -n 6 | sed 's/^/@@ /'; fi\n");
                }

                AppendStandIns(script, w.Ports);
                var (code, output, error) = lab.Capture(w.Machine, ["bash", "-c", script.ToString()]);
                string? failing = null;
                var reason = new List<string>();
                void Flush()
                {
                    if (failing is not null)
                    {
                        failed.Add((new LabDaemon(w.Machine, failing), reason.Count == 0 ? "no reason given" : string.Join(" | ", reason)));
                    }

                    failing = null;
                    reason.Clear();
                }

                foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (line.StartsWith("@@ok ", StringComparison.Ordinal))
                    {
                        Flush();
                        started.Add(new LabDaemon(w.Machine, line[5..].Trim()));
                    }
                    else if (line.StartsWith("@@fail ", StringComparison.Ordinal))
                    {
                        Flush();
                        failing = line[7..].Trim();
                    }
                    else if (line.StartsWith("@@ ", StringComparison.Ordinal) && failing is not null && line.Trim().Length > 2)
                    {
                        reason.Add(line[3..].Trim());
                    }
                    else if (line.StartsWith("@@standin ", StringComparison.Ordinal))
                    {
                        var port = line[10..].Trim();
                        standIns.Add($"{w.Machine}:{port} ({w.Ports.First(p => LabPromises.Text(p.Port) == port).Service})");
                    }
                }

                Flush();
                if (code != 0)
                {
                    failed.Add((new LabDaemon(w.Machine, "stand-ins"), Trim(error.Trim().Length > 0 ? error : output)));
                }
            });
        }

        return new LabServicesOutcome(
            [.. started.OrderBy(d => d.Machine, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal)],
            [.. failed.OrderBy(f => f.Item1.Machine, StringComparer.Ordinal).ThenBy(f => f.Item1.Name, StringComparer.Ordinal)],
            [.. standIns.Order(StringComparer.Ordinal)]);
    }

    /// <summary>A stand-in listener on each port nothing listens on yet; waits until all listen (5 s), else exits 1.</summary>
    private static void AppendStandIns(StringBuilder script, IReadOnlyList<ServicePromise> ports)
    {
        if (ports.Count == 0)
        {
            return;
        }

        foreach (var s in ports)
        {
            var port = LabPromises.Text(s.Port);
            script.Append($"if [ -z \"$(ss -Hltn 'sport = :{port}')\" ]; then\n");
            script.Append($"  setsid socat TCP-LISTEN:{port},fork,reuseaddr SYSTEM:'echo elenta-sim stand-in for {s.Service}' </dev/null >>{Log}/stand-ins.log 2>&1 &\n");
            script.Append($"  echo '@@standin {port}'\nfi\n");
        }

        var all = string.Join(' ', ports.Select(p => LabPromises.Text(p.Port)));
        script.Append($"for i in $(seq 100); do n=0; for p in {all}; do [ -n \"$(ss -Hltn \"sport = :$p\")\" ] || n=1; done\n");
        script.Append("[ $n = 0 ] && exit 0; sleep 0.05; done; echo 'a stand-in listener did not start' >&2; exit 1\n");
    }

    /// <summary>Whether the machine received the daemon's configuration (from the build, in its private /etc layer).</summary>
    private static bool Has(Lab lab, string machine, string config)
    {
        var relative = config["/etc/".Length..];
        var dir = Path.Combine(lab.MachineDirectory(machine), "etc.up", Path.GetDirectoryName(relative)!);
        var pattern = Path.GetFileName(relative);
        return Directory.Exists(dir) && Directory.EnumerateFiles(dir, pattern).Any();
    }

    /// <summary>NSD secondaries start after the primaries, so that their first transfer finds a server.</summary>
    private static int PhaseOf(Lab lab, string machine, Daemon daemon) =>
        daemon.Name == "nsd" && File.ReadAllText(Path.Combine(lab.MachineDirectory(machine), "etc.up", "nsd", "nsd.conf")).Contains("request-xfr:", StringComparison.Ordinal)
            ? 2
            : daemon.Phase;

    private static string Trim(string text)
    {
        var lines = text.Trim().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(6);
        return string.Join(" | ", lines);
    }

    [GeneratedRegex(@"include:\s*""/etc/nsd/elenta-keys/(?<name>[^""/]+)\.key""")]
    private static partial Regex TsigInclude();

    [GeneratedRegex(@"server\s*\{[^{}]*(\{[^{}]*\}[^{}]*)*\}", RegexOptions.Singleline)]
    private static partial Regex ServerBlock();
}
