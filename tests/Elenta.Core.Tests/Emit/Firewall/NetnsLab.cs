using System.Diagnostics;

namespace Elenta.Core.Tests.Emit.Firewall;

/// <summary>
/// Network namespaces a test creates: machines with veth interfaces (named as the cadaster names
/// them), a bridge namespace per shared network, listeners and probes run inside them. Every
/// namespace (and with it every link) and every process it started goes on dispose, even when the
/// test failed half-way. Addresses live only inside these namespaces: nothing touches the
/// machine's own interfaces, routes or firewall. Needs root.
/// </summary>
public sealed class NetnsLab : IDisposable
{
    /// <summary>TCP: accept and close; UDP: echo. Prints "ready" once every port is bound.</summary>
    private const string ListenerScript = """
        import socket, sys, threading
        def tcp(port):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('0.0.0.0', port)); s.listen(64)
            return lambda: [c.close() for c, _ in iter(s.accept, None)]
        def udp(port):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(('0.0.0.0', port))
            def loop():
                while True:
                    data, peer = s.recvfrom(512); s.sendto(data, peer)
            return loop
        loops = [(tcp if p.split(':')[0] == 'tcp' else udp)(int(p.split(':')[1])) for p in sys.argv[1:]]
        for l in loops: threading.Thread(target=l, daemon=True).start()
        print('ready', flush=True)
        sys.stdin.read()
        """;

    /// <summary>Probes proto:ip:port targets side by side; prints "target open|refused|dropped" per target.</summary>
    private const string ProbeScript = """
        import socket, sys, threading
        timeout = float(sys.argv[1]); results = {}
        def probe(t):
            proto, ip, port = t.split(':'); port = int(port)
            try:
                if proto == 'tcp':
                    s = socket.create_connection((ip, port), timeout=timeout); s.close()
                else:
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(timeout)
                    s.connect((ip, port)); s.send(b'elenta'); s.recv(64)
                results[t] = 'open'
            except ConnectionRefusedError:
                results[t] = 'refused'
            except OSError:
                results[t] = 'dropped'
        threads = [threading.Thread(target=probe, args=(t,)) for t in sys.argv[2:]]
        [t.start() for t in threads]; [t.join() for t in threads]
        for t in sys.argv[2:]: print(t, results[t])
        """;

    private readonly string prefix = "elfw" + Guid.NewGuid().ToString("n")[..6];
    private readonly List<string> namespaces = [];
    private readonly List<Process> processes = [];
    private readonly Dictionary<string, int> bridgePorts = new(StringComparer.Ordinal);
    private readonly string dir = Path.Combine(Path.GetTempPath(), "elenta-fw-" + Guid.NewGuid().ToString("n"));

    public NetnsLab()
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "listen.py"), ListenerScript);
        File.WriteAllText(Path.Combine(dir, "probe.py"), ProbeScript);
    }

    /// <summary>Whether this test run may make namespaces (root on Linux).</summary>
    public static bool Available => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>The real namespace name of a lab machine.</summary>
    public string Ns(string name) => $"{prefix}-{name}";

    /// <summary>A namespace with its loopback up.</summary>
    public string Add(string name)
    {
        var ns = Ns(name);
        Ip("netns", "add", ns);
        namespaces.Add(ns);
        Ip("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>A network shared by several machines: a namespace holding one bridge.</summary>
    public void AddSwitch(string name)
    {
        var ns = Add(name);
        Ip("-n", ns, "link", "add", "br0", "type", "bridge");
        Ip("-n", ns, "link", "set", "br0", "up");
        bridgePorts[name] = 0;
    }

    /// <summary>Plugs <paramref name="machine"/>'s interface into a switch, with addresses (CIDR form).</summary>
    public void Plug(string machine, string nic, string @switch, params string[] addresses)
    {
        var port = "p" + bridgePorts[@switch]++;
        Ip("-n", Ns(machine), "link", "add", nic, "type", "veth", "peer", "name", port, "netns", Ns(@switch));
        Ip("-n", Ns(@switch), "link", "set", port, "master", "br0");
        Ip("-n", Ns(@switch), "link", "set", port, "up");
        Up(machine, nic, addresses);
    }

    /// <summary>A cable between two machines' interfaces.</summary>
    public void Cable(string a, string nicA, string[] addressesA, string b, string nicB, string[] addressesB)
    {
        Ip("-n", Ns(a), "link", "add", nicA, "type", "veth", "peer", "name", nicB, "netns", Ns(b));
        Up(a, nicA, addressesA);
        Up(b, nicB, addressesB);
    }

    private void Up(string machine, string nic, string[] addresses)
    {
        foreach (var address in addresses)
        {
            Ip("-n", Ns(machine), "addr", "add", address, "dev", nic);
        }

        Ip("-n", Ns(machine), "link", "set", nic, "up");
    }

    public void Route(string machine, string via) => Ip("-n", Ns(machine), "route", "add", "default", "via", via);

    public void Forwarding(string machine) => Assert.Equal(0, Exec(machine, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1").ExitCode);

    /// <summary>Runs a program in the machine's namespace.</summary>
    public ExternalTool.Result Exec(string machine, params string[] command) =>
        ExternalTool.Run("ip", ["netns", "exec", Ns(machine), .. command], workingDirectory: null, timeout: TimeSpan.FromSeconds(30));

    /// <summary>Loads an nftables file into the machine's namespace, as the delivery's after-change command does.</summary>
    public void LoadRuleset(string machine, string text)
    {
        var file = Path.Combine(dir, machine + ".nft");
        File.WriteAllText(file, text);
        Exec(machine, "nft", "-f", file).AssertOk($"nft -f {machine}'s ruleset");
    }

    /// <summary>Starts a listener on these proto:port pairs in the machine's namespace; returns once they are bound.</summary>
    public void Listen(string machine, IEnumerable<string> ports)
    {
        StartListening(machine, ports);
        WaitListening();
    }

    private readonly List<(string Machine, Process Process, Task<string?> Ready)> starting = [];

    /// <summary>Starts a listener and goes on (Python takes its time to start): <see cref="WaitListening"/> waits for all.</summary>
    public void StartListening(string machine, IEnumerable<string> ports)
    {
        var script = Path.Combine(dir, "listen.py");
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in (string[])["netns", "exec", Ns(machine), "python3", script, .. ports])
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        processes.Add(process);
        starting.Add((machine, process, process.StandardOutput.ReadLineAsync()));
    }

    /// <summary>Returns once every listener started is bound.</summary>
    public void WaitListening()
    {
        foreach (var (machine, process, ready) in starting)
        {
            if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "ready")
            {
                Assert.Fail($"the listener in {machine} did not start: {process.StandardError.ReadToEnd()}");
            }
        }

        starting.Clear();
    }

    /// <summary>Probes every proto:ip:port target from the machine, side by side; the verdict of each.</summary>
    public Dictionary<string, string> Probe(string machine, IReadOnlyCollection<string> targets, double timeoutSeconds = 1.0)
    {
        if (targets.Count == 0)
        {
            return [];
        }

        var script = Path.Combine(dir, "probe.py");
        var result = Exec(machine, ["python3", script, timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. targets]);
        result.AssertOk("probe");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>The packets an nftables rule counted: the rule found by a piece of its comment.</summary>
    public long Counted(string machine, string chain, string commentPart)
    {
        var listing = Exec(machine, "nft", "list", "chain", "inet", "elenta", chain);
        listing.AssertOk("nft list chain");
        var line = listing.Stdout.Split('\n').First(l => l.Contains(commentPart, StringComparison.Ordinal));
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(words[Array.IndexOf(words, "packets") + 1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Ip(params string[] arguments)
    {
        var result = ExternalTool.Run("ip", arguments);
        Assert.True(result.ExitCode == 0, $"ip {string.Join(' ', arguments)}: {result}");
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            process.Dispose();
        }

        foreach (var ns in namespaces)
        {
            ExternalTool.Run("ip", "netns", "del", ns);
        }

        Directory.Delete(dir, recursive: true);
    }
}
