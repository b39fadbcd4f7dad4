using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Elenta.Cli.Tests.Support;
using Elenta.Core.Emit.Dns;
using Elenta.Core.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>
/// emerald-city's DNS, run for real from its build: toto's NSD (the primary), ifrit's NSD (a
/// secondary) and toto's Unbound, each on loopback addresses of their own, with a fake upstream
/// resolver that records every query it gets. The built files are used as they are except for an
/// explicit rewrite (<see cref="Rewrite"/>): the site's addresses become 127.x addresses, the
/// machines' paths this test's directories, and NSD and Unbound run as the test's user in the
/// foreground. No packet leaves 127.0.0.0/8.
/// </summary>
public sealed class DnsServiceTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("elenta-dns-service-");

    // A /24 of the loopback of its own per run, so two runs (or other tests) do not meet on port 53.
    private readonly string net = string.Create(CultureInfo.InvariantCulture, $"127.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(1, 250)}");

    public DnsServiceTests()
    {
        var examples = Path.Combine(CliRunner.RepoRoot, "examples");
        Copy(Path.Combine(examples, "emerald-city"), Site);
        Copy(Path.Combine(examples, "narya"), Path.Combine(work.FullName, "narya"));
    }

    private string Site => Path.Combine(work.FullName, "emerald-city");

    private string Out => Path.Combine(work.FullName, "out");

    private string Secrets => Path.Combine(work.FullName, "secrets");

    private string TotoNsd => $"{net}.10";

    private string IfritNsd => $"{net}.1";

    private string TotoUnbound => $"{net}.53";

    private string Upstream => $"{net}.99";

    /// <summary>A client on condorcet (10.255.0.0/16, here the test's /24).</summary>
    private string Client => $"{net}.200";

    /// <summary>A client on no network of the site: another loopback address outside the test's /24.</summary>
    private string Stranger => net[..net.LastIndexOf('.')] + "." + ((int.Parse(net[(net.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture) % 250) + 1).ToString(CultureInfo.InvariantCulture) + ".200";

    /// <summary>
    /// The only changes made to the built files: the site's addresses to the test's loopback ones
    /// (condorcet's 10.255.0.0/16 to the test's /24), the machines' directories to the test's.
    /// </summary>
    private IReadOnlyList<(string From, string To)> Rewrite(string machine) =>
    [
        ("10.255.0.0/16", $"{net}.0/24"),
        ("10.255.0.10", TotoNsd),
        ("10.255.0.1\n", IfritNsd + "\n"),
        ("10.255.0.1 ", IfritNsd + " "),
        ("10.255.0.53", TotoUnbound),
        ("9.9.9.9", Upstream),
        ("149.112.112.112", Upstream),
        ("control-interface: 127.0.0.1", "control-interface: " + (machine == "toto" ? TotoNsd : IfritNsd)),
        (TsigKey.TargetDirectory, Path.Combine(Secrets, "tsig")),
        (NsdConf.SecondaryDirectory, Path.Combine(Dir(machine), "secondary")),
        ($"\"{NsdConf.ZonesDir}", $"\"{Dir(machine)}"),
    ];

    private string Dir(string machine) => Path.Combine(work.FullName, machine);

    private string Built(string path, string machine) =>
        Rewrite(machine).Aggregate(File.ReadAllText(Path.Combine(Out, path)), (text, r) => text.Replace(r.From, r.To, StringComparison.Ordinal));

    /// <summary>Where the daemon keeps its own state, and that it runs as the test's user: settings the site leaves to the machine.</summary>
    private static string NsdLocal(string dir) => $"""
        server:
        	username: ""
        	chroot: ""
        	pidfile: "{dir}/nsd.pid"
        	xfrdfile: "{dir}/xfrd.state"
        	zonelistfile: "{dir}/zone.list"
        	xfrdir: "{dir}"
        	database: ""
        	logfile: "{dir}/nsd.log"
        	server-count: 1
        	verbosity: 2

        """;

    private void Build()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["build", Site, "--out", Out, "--only", "dns", "--secrets", Secrets], stdout, stderr, work.FullName);
        Assert.True(code == 0, $"build failed ({code}):\n{stdout}\n{stderr}");
    }

    /// <summary>Installs toto's zone files as its primary loads them.</summary>
    private void InstallZones()
    {
        var zones = Path.Combine(Dir("toto"), NsdConf.ZoneDirectory);
        Directory.CreateDirectory(zones);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Out, "dns", "zones"), "*.zone"))
        {
            File.Copy(file, Path.Combine(zones, Path.GetFileName(file)), overwrite: true);
        }
    }

    private Daemon StartNsd(string machine)
    {
        var dir = Dir(machine);
        Directory.CreateDirectory(Path.Combine(dir, "secondary"));
        ExternalTool.Run("nsd-control-setup", "-d", dir).AssertOk("nsd-control-setup");
        var conf = Path.Combine(dir, "nsd.conf");
        File.WriteAllText(conf, NsdLocal(dir) + Built($"dns/nsd/{machine}.nsd.conf", machine));
        NsdTools.CheckConf(conf).AssertOk($"nsd-checkconf {machine}\n{File.ReadAllText(conf)}");
        return Daemon.Start("nsd " + machine, "nsd", "-d", "-c", conf);
    }

    private Daemon StartUnbound()
    {
        var dir = Dir("toto-unbound");
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "unbound.conf");
        File.WriteAllText(conf, $"""
            server:
            	username: ""
            	chroot: ""
            	directory: "{dir}"
            	pidfile: "{dir}/unbound.pid"
            	use-syslog: no
            	logfile: ""
            	verbosity: 1
            	log-queries: yes
            	do-ip6: no
            include: "{dir}/elenta.conf"

            """);
        File.WriteAllText(Path.Combine(dir, "elenta.conf"), Built("dns/unbound/toto.unbound.conf", "toto"));
        ExternalTool.Run("unbound-checkconf", conf).AssertOk($"unbound-checkconf\n{File.ReadAllText(Path.Combine(dir, "elenta.conf"))}");
        return Daemon.Start("unbound toto", "unbound", "-d", "-c", conf);
    }

    private static ExternalTool.Result Dig(string server, string source, params string[] query) =>
        ExternalTool.Run("dig", ["@" + server, "-b", source, "+time=2", "+tries=1", .. query], null);

    private static string Short(string server, string source, string name, string type) =>
        Dig(server, source, "+short", "+norecurse", name, type).Stdout.Trim();

    private static uint? SerialAt(string server, string source, string zone) =>
        Short(server, source, zone, "SOA").Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 7 } soa ? uint.Parse(soa[2], CultureInfo.InvariantCulture) : null;

    private static void WaitFor(Func<bool> done, string what, params Daemon[] daemons)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (done())
            {
                return;
            }

            if (daemons.FirstOrDefault(d => d.HasExited) is { } gone)
            {
                break;
            }

            Thread.Sleep(200);
        }

        Assert.Fail($"timed out waiting for {what}\n" + string.Join("\n", daemons.Select(d => $"--- {d.Name}:\n{d.Log}")));
    }

    [Fact]
    public void PrimarySecondaryAndResolverWorkFromTheBuild()
    {
        Build();
        InstallZones();
        using var upstream = new RecordingUpstream(Upstream);
        using var toto = StartNsd("toto");
        WaitFor(() => SerialAt(TotoNsd, Client, "canon") is not null, "toto's NSD to answer", toto);
        var serial = SerialAt(TotoNsd, Client, "emerald.city");
        using var ifrit = StartNsd("ifrit");

        // The secondary transfers every zone from the primary (TSIG-signed: toto lets nobody else).
        WaitFor(() => SerialAt(IfritNsd, Client, "emerald.city") == serial && SerialAt(IfritNsd, Client, "canon") is not null, "ifrit to transfer the zones", toto, ifrit);
        Assert.Equal("10.255.0.10", Short(IfritNsd, Client, "toto.canon", "A"));
        var unsigned = Dig(TotoNsd, Client, "AXFR", "canon").Output;
        Assert.Contains("Transfer failed", unsigned);
        var key = File.ReadAllText(Path.Combine(Secrets, "tsig", new TsigKey("toto", "ifrit").Name + ".key"));
        var secret = key.Split('"')[3];
        var signed = Dig(TotoNsd, IfritNsd, "-y", $"hmac-sha256:{new TsigKey("toto", "ifrit").Name}:{secret}", "AXFR", "canon").Output;
        Assert.Contains("toto.canon.", signed);
        Assert.DoesNotContain("Transfer failed", signed);

        // A change and a rebuild: the primary reloads the zone (the manifest's after-command) and
        // notifies; the secondary fetches the new serial long before its refresh timer (an hour).
        var domains = Path.Combine(Site, "domains.yaml");
        File.WriteAllText(domains, File.ReadAllText(domains).Replace("ns1: { A: 10.255.0.10 }", "ns1: { A: 10.255.0.11 }", StringComparison.Ordinal));
        Build();
        var next = ZoneWriter.ReadSerial(File.ReadAllText(Path.Combine(Out, "dns", "zones", "emerald.city.zone")));
        Assert.True(next > serial, $"serial {next} after {serial}");
        InstallZones();
        ExternalTool.Run("nsd-control", "-c", Path.Combine(Dir("toto"), "nsd.conf"), "reload", "emerald.city").AssertOk("nsd-control reload");
        WaitFor(() => SerialAt(IfritNsd, Client, "emerald.city") == next, "the new serial to reach ifrit after the notify", toto, ifrit);
        Assert.Equal("10.255.0.11", Short(IfritNsd, Client, "ns1.emerald.city", "A"));
        Assert.Contains("notify", ifrit.Log + File.ReadAllText(Path.Combine(Dir("ifrit"), "nsd.log")), StringComparison.OrdinalIgnoreCase);

        // The resolver: the site's names from its NSD, only for its networks, .lan never upstream.
        using var unbound = StartUnbound();
        WaitFor(() => Dig(TotoUnbound, Client, "toto.canon", "A").ExitCode == 0, "unbound to answer", unbound);
        Assert.Equal("10.255.0.10", Dig(TotoUnbound, Client, "+short", "toto.canon", "A").Stdout.Trim());
        Assert.StartsWith("barge.canon.\n", Dig(TotoUnbound, Client, "+short", "jellyfin.emerald.city", "A").Stdout, StringComparison.Ordinal);
        Assert.Contains("status: REFUSED", Dig(TotoUnbound, Stranger, "toto.canon", "A").Output);
        Assert.Contains("status: NXDOMAIN", Dig(TotoUnbound, Client, "printer.lan", "A").Output);
        Assert.Contains("status: NXDOMAIN", Dig(TotoUnbound, Client, "nowhere.canon", "A").Output);
        Dig(TotoUnbound, Client, "github.com", "A");
        WaitFor(() => upstream.Queries.Any(q => q.StartsWith("github.com", StringComparison.OrdinalIgnoreCase)), "github.com to be forwarded upstream", unbound);
        Assert.DoesNotContain(upstream.Queries, q => q.Contains("lan", StringComparison.OrdinalIgnoreCase) || q.Contains("canon", StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose() => work.Delete(recursive: true);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// A fake upstream resolver on one loopback address, port 53: it records the name of every query
    /// and answers SERVFAIL, so the test sees what the resolver sent out of the site.
    /// </summary>
    private sealed class RecordingUpstream : IDisposable
    {
        private readonly UdpClient udp;
        private readonly List<string> queries = [];
        private readonly CancellationTokenSource stop = new();
        private readonly Task loop;

        public RecordingUpstream(string address)
        {
            udp = new UdpClient(new IPEndPoint(IPAddress.Parse(address), 53));
            loop = Task.Run(Serve);
        }

        public IReadOnlyList<string> Queries
        {
            get
            {
                lock (queries)
                {
                    return queries.ToList();
                }
            }
        }

        private async Task Serve()
        {
            while (!stop.IsCancellationRequested)
            {
                UdpReceiveResult received;
                try
                {
                    received = await udp.ReceiveAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                var packet = received.Buffer;
                if (packet.Length < 12)
                {
                    continue;
                }

                lock (queries)
                {
                    queries.Add(Name(packet));
                }

                var reply = (byte[])packet.Clone();
                reply[2] = (byte)(0x80 | (packet[2] & 0x01)); // a response, recursion desired as asked
                reply[3] = 0x82; // recursion available, SERVFAIL
                await udp.SendAsync(reply, received.RemoteEndPoint);
            }
        }

        /// <summary>The question's name, dotted.</summary>
        private static string Name(byte[] packet)
        {
            var sb = new StringBuilder();
            for (var i = 12; i < packet.Length && packet[i] != 0 && packet[i] < 64; i += packet[i] + 1)
            {
                sb.Append(Encoding.ASCII.GetString(packet, i + 1, Math.Min(packet[i], packet.Length - i - 1))).Append('.');
            }

            return sb.ToString();
        }

        public void Dispose()
        {
            stop.Cancel();
            udp.Dispose();
            try
            {
                loop.Wait(2000);
            }
            catch (AggregateException)
            {
                // The loop ends with the socket.
            }

            stop.Dispose();
        }
    }
}
