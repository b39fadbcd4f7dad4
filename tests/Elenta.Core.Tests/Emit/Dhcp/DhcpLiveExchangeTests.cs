using System.Diagnostics;
using Elenta.Core.Emit.Dhcp;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>
/// A real DHCP exchange against the generated dnsmasq fragment, entirely inside two network
/// namespaces this test creates (server and client, joined by a veth pair) and always deletes.
/// No packet leaves them. Needs root (for ip netns); without it the test has nothing to run.
/// </summary>
public class DhcpLiveExchangeTests
{
    // A minimal DHCP client: one DISCOVER with the given MAC, architecture and (optionally) the
    // iPXE user class; prints the OFFER's fields as key=value lines.
    internal const string ClientScript = """
        import socket, struct, sys, random
        iface, mac, arch, ipxe = sys.argv[1], bytes.fromhex(sys.argv[2].replace(':', '')), int(sys.argv[3]), sys.argv[4] == '1'
        xid = random.getrandbits(32)
        head = struct.pack('!BBBBIHH4s4s4s4s16s64s128s', 1, 1, 6, 0, xid, 0, 0x8000, bytes(4), bytes(4), bytes(4), bytes(4), mac + bytes(10), bytes(64), bytes(128))
        opts = b'\x63\x82\x53\x63' + bytes([53, 1, 1, 93, 2, arch >> 8, arch & 255, 60, 9]) + b'PXEClient'
        if ipxe:
            opts += bytes([77, 4]) + b'iPXE' + bytes([175, 1, 1])
        opts += bytes([55, 5, 1, 3, 6, 12, 15, 255])
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
        s.bind(('0.0.0.0', 68))
        s.settimeout(5)
        s.sendto(head + opts, ('255.255.255.255', 67))
        while True:
            data, _ = s.recvfrom(4096)
            if struct.unpack('!I', data[4:8])[0] == xid:
                break
        print('yiaddr=' + socket.inet_ntoa(data[16:20]))
        print('siaddr=' + socket.inet_ntoa(data[20:24]))
        print('file=' + data[108:236].split(b'\0')[0].decode())
        o, i = data[240:], 0
        while i < len(o) and o[i] != 255:
            if o[i] == 0:
                i += 1
                continue
            code, value = o[i], o[i + 2:i + 2 + o[i + 1]]
            i += 2 + o[i + 1]
            if code in (3, 6):
                print(('router=' if code == 3 else 'dns=') + ','.join(socket.inet_ntoa(value[j:j + 4]) for j in range(0, len(value), 4)))
            elif code in (12, 15):
                print(('hostname=' if code == 12 else 'domain=') + value.decode().rstrip('\0'))
        """;

    [Fact]
    public void DnsmasqOffersTheReservationOptionsAndBootFilesOfTheGeneratedFragment()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return; // network namespaces need root
        }

        var compilation = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ncanonDomain: canon\nnetbootStore: { server: alpha, path: /srv/netboot, baseUrl: http://alpha.canon/netboot }\n")
            .File("networks.yaml", """
                networks:
                  lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2], domain: lab.test, dhcp: { server: alpha, from: 10.0.0.100, to: 10.0.0.199, leaseTime: 1h } }
                """)
            .File("boot.yaml", "cadaster:\n  compute:\n    beta:\n      boot: { mode: netboot, firmware: bios }\n")
            .Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var beta = compilation.Site!.Cadaster.Hosts["beta"]!;
        var mac = beta.Interfaces["eth0"]!.Mac!.Value;
        var tftp = compilation.Site.Cadaster.Hosts["alpha"]!.PrimaryAddress!.Ip.ToString();
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);

        var id = Guid.NewGuid().ToString("n")[..8];
        var server = $"elenta-test-{id}-s";
        var client = $"elenta-test-{id}-c";
        var dir = DhcpTools.NewTempDirectory();
        Process? dnsmasq = null;
        try
        {
            var conf = DhcpTools.WriteTemp(dir, "lab.conf", artifacts.Text("dhcp/dnsmasq/lab.conf"));
            var script = DhcpTools.WriteTemp(dir, "client.py", ClientScript);
            Ip("netns", "add", server);
            Ip("netns", "add", client);
            Ip("-n", server, "link", "add", "veth-s", "type", "veth", "peer", "name", "veth-c", "netns", client);
            Ip("-n", client, "link", "set", "veth-c", "address", mac.ToString());
            Ip("-n", server, "addr", "add", "10.0.0.1/24", "dev", "veth-s");
            Ip("-n", server, "link", "set", "veth-s", "up");
            Ip("-n", client, "link", "set", "veth-c", "up");

            var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[]
            {
                "netns", "exec", server, "dnsmasq", "--keep-in-foreground", "--port=0", "--no-resolv", "--no-hosts",
                "--interface=veth-s", "--bind-interfaces", $"--dhcp-leasefile={dir}/leases", $"--pid-file={dir}/dnsmasq.pid", $"--conf-file={conf}",
            })
            {
                start.ArgumentList.Add(a);
            }

            dnsmasq = Process.Start(start)!;

            var bios = Offer(client, script, mac.ToString(), arch: 0, ipxe: false);
            Assert.Equal(beta.PrimaryAddress!.Ip.ToString(), bios["yiaddr"]);
            Assert.Equal("beta", bios["hostname"]);
            Assert.Equal("10.0.0.1", bios["router"]);
            Assert.Equal("10.0.0.2", bios["dns"]);
            Assert.Equal("lab.test", bios["domain"]);
            Assert.Equal("undionly.kpxe", bios["file"]);
            Assert.Equal(tftp, bios["siaddr"]);

            var uefi = Offer(client, script, mac.ToString(), arch: 7, ipxe: false);
            Assert.Equal("ipxe.efi", uefi["file"]);

            var ipxe = Offer(client, script, mac.ToString(), arch: 0, ipxe: true);
            Assert.Equal($"http://alpha.canon/netboot/{mac.ToDashed()}/boot.ipxe", ipxe["file"]);
        }
        finally
        {
            if (dnsmasq is not null)
            {
                if (!dnsmasq.HasExited)
                {
                    dnsmasq.Kill(entireProcessTree: true);
                }

                dnsmasq.WaitForExit(5000);
                dnsmasq.Dispose();
            }

            ExternalTool.Run("ip", "netns", "del", server);
            ExternalTool.Run("ip", "netns", "del", client);
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static void Ip(params string[] arguments)
    {
        var result = ExternalTool.Run("ip", arguments);
        Assert.True(result.ExitCode == 0, $"ip {string.Join(' ', arguments)}: {result}");
    }

    /// <summary>Asks until dnsmasq answers (it needs a moment to start), then parses the offer.</summary>
    internal static Dictionary<string, string> Offer(string ns, string script, string mac, int arch, bool ipxe)
    {
        ExternalTool.Result? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            last = ExternalTool.Run("ip", "netns", "exec", ns, "python3", script, "veth-c", mac, arch.ToString(System.Globalization.CultureInfo.InvariantCulture), ipxe ? "1" : "0");
            if (last.ExitCode == 0)
            {
                return last.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => l.Split('=', 2))
                    .Where(p => p.Length == 2)
                    .ToDictionary(p => p[0], p => p[1]);
            }
        }

        Assert.Fail("no DHCP offer: " + last);
        return [];
    }
}
