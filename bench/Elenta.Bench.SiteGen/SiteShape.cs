using System.Security.Cryptography;
using System.Text;

namespace Elenta.Bench.SiteGen;

/// <summary>One generated file: its path relative to the site, a comment line and its data.</summary>
internal sealed record SiteFile(string Path, string Comment, Node Data);

/// <summary>
/// The synthetic site: N hosts on one /16 per <see cref="HostsPerNetwork"/> hosts (plus a small
/// office /24), 21 hosts of 2U per 42U rack with one PDU each, one constellation per
/// <see cref="HostsPerConstellation"/> hosts, and on every host four placements: two hostConfig
/// roles, one VM with its own address and one container. Everything is sized to fit, so
/// <c>elenta check</c> reports nothing: the benchmark measures the compiler, not the printer.
/// Deterministic: the same N always gives the same files.
/// </summary>
internal sealed class SiteShape(int hosts)
{
    public const int HostsPerNetwork = 5000;
    public const int HostsPerFile = 100;
    public const int HostsPerConstellation = 100;
    public const int HostsPerRack = 21;
    public const int OfficeHosts = 80;

    private static readonly byte[] Ed25519Prefix = [0, 0, 0, 11, .. "ssh-ed25519"u8, 0, 0, 0, 32];

    private static readonly string[] Tiers = ["gold", "silver", "bronze"];

    public int Hosts { get; } = hosts;

    private int Networks => (Hosts + HostsPerNetwork - 1) / HostsPerNetwork;

    private int Racks => (Hosts + HostsPerRack - 1) / HostsPerRack;

    private int Constellations => (Hosts + HostsPerConstellation - 1) / HostsPerConstellation;

    public IEnumerable<SiteFile> Files()
    {
        yield return Settings();
        yield return NetworkFile();
        yield return RackFile();
        foreach (var file in RoleFiles())
        {
            yield return file;
        }

        yield return DomainFile();
        for (var first = 0; first < Hosts; first += HostsPerFile)
        {
            yield return HostFile(first, Math.Min(Hosts, first + HostsPerFile));
        }

        for (var c = 0; c < Constellations; c++)
        {
            yield return ConstellationFile(c);
        }
    }

    /// <summary>
    /// The same site as <see cref="Files"/>, with the hosts in one file and the constellations in
    /// another: the layout of a site kept in one file per section, whose files grow with the site.
    /// </summary>
    public IEnumerable<SiteFile> OneFilePerSection()
    {
        var hosts = new Node();
        var constellations = new Node();
        foreach (var file in Files())
        {
            if (file.Path.StartsWith("cadaster/compute/", StringComparison.Ordinal))
            {
                hosts.MergeFrom(file.Data);
            }
            else if (file.Path.StartsWith("constellations/", StringComparison.Ordinal))
            {
                constellations.MergeFrom(file.Data);
            }
            else
            {
                yield return file;
            }
        }

        yield return new SiteFile("cadaster/compute/hosts.yaml", $"Hosts 0 to {Hosts - 1}.", hosts);
        yield return new SiteFile("constellations/all.yaml", $"Constellations 0 to {Constellations - 1}.", constellations);
    }

    /// <summary>
    /// The site's machines as an Ansible inventory (for bench/run.sh's side by side): per host its
    /// lab network, address and bond MAC, its BMC's, its office address and MAC when it has one, and
    /// its VM's name, address and MAC: what the canon zone's A records and the DHCP reservations are made of.
    /// </summary>
    public Node AnsibleInventory()
    {
        var hosts = new Node();
        for (var i = 0; i < Hosts; i++)
        {
            var host = Map(
                ("net", NetworkName(i / HostsPerNetwork)),
                ("ip", LabIp(i, 0)),
                ("mac", Mac(0xb0, i, 1)),
                ("bmc_ip", LabIp(i, 1)),
                ("bmc_mac", Mac(0xb2, i, 0)),
                ("vm", VmName(i)),
                ("vm_ip", LabIp(i, 2)),
                ("vm_mac", Mac(0xb1, i, 0)));
            if (i < OfficeHosts)
            {
                host.Add("office_ip", $"192.168.1.{10 + i}");
                host.Add("office_mac", Mac(0xb0, i, 3));
            }

            hosts.Add(HostName(i), host);
        }

        return Map(("all", Map(("hosts", hosts))));
    }

    private static string HostName(int i) => $"n{i:D6}";

    private static string NetworkName(int k) => $"lab{k:D2}";

    private static string ConstellationName(int c) => $"c{c:D4}";

    private static string ConstellationDomain(int c) => $"{ConstellationName(c)}.lab.test";

    private static string RackName(int r) => $"rack{r:D4}";

    private static string PduName(int r) => $"pdu{r:D4}";

    /// <summary>An address in network <paramref name="k"/>: block 0 hosts, 1 BMCs, 2 VMs; 20 third octets of 250 addresses per block.</summary>
    private static string LabIp(int i, int block)
    {
        var k = i / HostsPerNetwork;
        var j = i % HostsPerNetwork;
        return $"10.{k + 1}.{1 + (block * 40) + (j / 250)}.{2 + (j % 250)}";
    }

    /// <summary>Locally administered MACs; <paramref name="kind"/> keeps hosts, BMCs and VMs apart.</summary>
    private static string Mac(int kind, int i, int nic) => $"02:{kind:x2}:{(i >> 16) & 0xff:x2}:{(i >> 8) & 0xff:x2}:{i & 0xff:x2}:{nic:x2}";

    /// <summary>A well-formed ed25519 public key line whose 32 key bytes are a hash of the name.</summary>
    private static string HostKey(string name)
    {
        var blob = new byte[Ed25519Prefix.Length + 32];
        Ed25519Prefix.CopyTo(blob, 0);
        SHA256.HashData(Encoding.UTF8.GetBytes("elenta-bench/" + name)).CopyTo(blob, Ed25519Prefix.Length);
        return "ssh-ed25519 " + Convert.ToBase64String(blob);
    }

    private static Node Map(params (string Key, object Value)[] entries)
    {
        var node = new Node();
        foreach (var (key, value) in entries)
        {
            node.Add(key, value);
        }

        return node;
    }

    private static List<object> List(params object[] items) => [.. items];

    private SiteFile Settings() => new("elenta.yaml", $"Synthetic benchmark site: {Hosts} hosts. Generated by bench/Elenta.Bench.SiteGen; do not edit.", Map(
        ("site", $"bench-{Hosts}"),
        ("description", $"Synthetic site of {Hosts} hosts for the benchmark"),
        ("canonDomain", "canon"),
        ("dns", Map(("servers", NameServers()), ("blockOutgoing", List("canon", "test"))))));

    /// <summary>Two name servers when there are two hosts (one name server is a warning, EL5008).</summary>
    private List<object> NameServers() => Hosts > 1 ? List(HostName(0), HostName(1)) : List(HostName(0));

    private SiteFile NetworkFile()
    {
        var networks = new Node();
        for (var k = 0; k < Networks; k++)
        {
            var prefix = $"10.{k + 1}";
            networks.Add(NetworkName(k), Map(
                ("description", $"Compute network {k}"),
                ("cidr", $"{prefix}.0.0/16"),
                ("vlan", (long)(100 + k)),
                ("gateway", $"{prefix}.0.1"),
                ("dns", List($"{prefix}.0.53")),
                ("domain", "canon"),
                // The network's first host serves its DHCP (the manifest delivers the configuration there).
                ("dhcp", Map(("server", HostName(k * HostsPerNetwork)), ("from", $"{prefix}.200.1"), ("to", $"{prefix}.250.254"), ("leaseTime", "1h"))),
                ("bridge", $"br-{NetworkName(k)}")));
        }

        networks.Add("office", Map(
            ("description", "The office LAN"),
            ("cidr", "192.168.1.0/24"),
            ("vlan", 10L),
            ("gateway", "192.168.1.1"),
            ("dns", List("192.168.1.1")),
            ("domain", "office.test"),
            ("dhcp", Map(("server", HostName(0)), ("from", "192.168.1.100"), ("to", "192.168.1.199"), ("leaseTime", "12h")))));
        return new SiteFile("networks.yaml", "Networks: one /16 per 5,000 hosts and the office /24.", Map(("networks", networks)));
    }

    private SiteFile RackFile()
    {
        var racks = new Node();
        var power = new Node();
        for (var r = 0; r < Racks; r++)
        {
            racks.Add(RackName(r), Map(("height", 42L), ("location", $"hall {r / 100}, row {r / 10 % 10}")));
            power.Add(PduName(r), Map(("rack", RackName(r)), ("capacityWatts", 8000L), ("outlets", 24L)));
        }

        return new SiteFile("cadaster/racks.yaml", "Racks of 42U and one 8 kW PDU each.", Map(("cadaster", Map(("racks", racks), ("power", power)))));
    }

    private static IEnumerable<SiteFile> RoleFiles()
    {
        var platform = Map(
            ("node-exporter", Map(
                ("description", "Prometheus node exporter on every host."),
                ("resources", Map(("memory", "64MiB"))),
                ("metrics", List(Map(("port", 9100L), ("job", "node")))),
                ("config", Map(("nixos", Map(("flake", ".#node-exporter"))))))),
            ("vm-host", Map(
                ("description", "libvirt: runs the VMs and containers placed on the host."),
                ("options", Map(("storagePool", Map(("type", "string"), ("default", "/var/lib/libvirt/images"))))),
                ("services", Map(("libvirt-tls", Map(("port", "tcp/16514"))))),
                ("metrics", List(Map(("port", 9177L), ("job", "libvirt")))),
                ("config", Map(("nixos", Map(("flake", ".#vm-host"))))))));
        yield return new SiteFile("roles/platform.yaml", "Roles every host carries.", Map(("roles", platform)));

        var apps = Map(
            ("app", Map(
                ("description", "The application server, one VM per host."),
                ("options", Map(
                    ("replicas", Map(("type", "int"), ("default", 1L))),
                    ("tier", Map(("type", "enum"), ("values", List("gold", "silver", "bronze")), ("default", "silver"))))),
                ("resources", Map(("cpus", 4L), ("memory", "8GiB"), ("disk", "50GiB"))),
                ("services", Map(
                    ("http", Map(("port", "tcp/8080"))),
                    ("https", Map(("port", "tcp/8443"))))),
                ("metrics", List(Map(("port", 9400L), ("job", "app")))),
                ("dashboard", List(Map(("title", "App"), ("section", "Apps")))),
                ("config", Map(("nixos", Map(("flake", ".#app"))))))),
            ("frontend", Map(
                ("description", "The tenant's reverse proxy, once per constellation."),
                ("resources", Map(("cpus", 1L), ("memory", "1GiB"), ("disk", "5GiB"))),
                // nginx's port, open to the office (a proxied name on a closed port is EL8065).
                ("services", Map(("http", Map(("port", "tcp/80"), ("clients", List("office")))))),
                ("proxy", Map(("www", Map(("port", 8080L))))),
                ("provides", List("prometheus", "dashboard")),
                ("config", Map(("nixos", Map(("flake", ".#frontend"))))))),
            ("worker", Map(
                ("description", "A queue worker in a container."),
                ("options", Map(("queue", Map(("type", "string"), ("default", "jobs"))))),
                ("resources", Map(("cpus", 2L), ("memory", "2GiB"), ("disk", "10GiB"))),
                ("config", Map(("nixos", Map(("flake", ".#worker"))))))));
        yield return new SiteFile("roles/apps.yaml", "Application roles placed in VMs and containers.", Map(("roles", apps)));
    }

    private SiteFile DomainFile()
    {
        var ns = LabIp(0, 0);
        var domains = Map(("lab.test", Map(
            ("description", "The site's own domain."),
            ("private", true),
            ("nameservers", NameServers()),
            ("records", Map(
                ("@", Map(("A", ns))),
                ("ns1", Map(("A", ns))),
                ("www", Map(("CNAME", "ns1.lab.test."))),
                ("mail", Map(("A", LabIp(Math.Min(1, Hosts - 1), 0)))),
                ("txt", Map(("TXT", "v=spf1 -all"))))))));

        // Each constellation names its instances in a domain of its own, which must be a domain of
        // the site for a zone to publish them (EL5015); its servers are dns.servers.
        for (var c = 0; c < Constellations; c++)
        {
            domains.Add(ConstellationDomain(c), Map(("description", $"Tenant {c}'s names."), ("private", true)));
        }

        return new SiteFile("domains.yaml", "DNS domains.", Map(("domains", domains)));
    }

    private SiteFile HostFile(int first, int end)
    {
        var compute = new Node();
        for (var i = first; i < end; i++)
        {
            compute.Add(HostName(i), HostData(i));
        }

        return new SiteFile($"cadaster/compute/hosts-{first / HostsPerFile:D4}.yaml", $"Hosts {first} to {end - 1}.",
            Map(("cadaster", Map(("compute", compute)))));
    }

    private Node HostData(int i)
    {
        var network = NetworkName(i / HostsPerNetwork);
        var interfaces = Map(
            ("eno1", Map(("mac", Mac(0xb0, i, 1)))),
            ("eno2", Map(("mac", Mac(0xb0, i, 2)))),
            ("bond0", Map(("bond", List("eno1", "eno2")), ("mode", "802.3ad"), ("bridge", $"br-{network}"))));
        var canon = Map((network, Map(("ip", LabIp(i, 0)), ("interface", "bond0"), ("primary", true))));
        if (i < OfficeHosts)
        {
            interfaces.Add("enp3s0", Map(("mac", Mac(0xb0, i, 3))));
            canon.Add("office", Map(("ip", $"192.168.1.{10 + i}"), ("interface", "enp3s0")));
        }

        var host = Map(
            ("description", $"Compute node {i}"),
            ("kind", "server"),
            ("hardware", Map(("cpus", 32L), ("memory", "128GiB"), ("disk", "2TB"), ("arch", "x86_64"), ("model", "Generic 2U"))),
            ("interfaces", interfaces),
            ("canon", canon),
            ("bmc", Map(("name", "bmc"), ("kind", "ipmi"), ("network", network), ("ip", LabIp(i, 1)), ("mac", Mac(0xb2, i, 0)))),
            ("boot", Map(("mode", "disk"), ("firmware", "uefi"))),
            ("ssh", Map(("hostKey", HostKey(HostName(i))))),
            ("driver", "nixos"),
            ("rack", Map(("name", RackName(i / HostsPerRack)), ("unit", (long)(1 + (2 * (i % HostsPerRack)))), ("height", 2L))),
            ("power", Map(("pdu", PduName(i / HostsPerRack)), ("watts", 350L))),
            ("tags", List("compute", network, i % 2 == 0 ? "even" : "odd")));
        if (Ids.GivenHostIds.TryGetValue(i, out var hostId))
        {
            host.Add("hostId", hostId);
        }

        return host;
    }

    private string VmName(int i) => Ids.Names.GetValueOrDefault($"vm{i:D6}", $"vm{i:D6}");

    private string ContainerName(int i) => Ids.Names.GetValueOrDefault($"wk{i:D6}", $"wk{i:D6}");

    private MachineIds Ids => ids ??= new MachineIds(Hosts, HostName);

    private MachineIds? ids;

    private SiteFile ConstellationFile(int c)
    {
        var machines = new Node();
        var end = Math.Min(Hosts, (c + 1) * HostsPerConstellation);
        for (var i = c * HostsPerConstellation; i < end; i++)
        {
            var host = HostName(i);
            var hostConfig = Map(
                ($"{host}-node", Map(("role", "node-exporter"))),
                ($"{host}-virt", Map(("role", "vm-host"))));
            if (i == c * HostsPerConstellation)
            {
                hostConfig.Add($"{host}-www", Map(("role", "frontend")));
            }

            machines.Add(host, Map(
                ("hostConfig", hostConfig),
                ("vms", Map((VmName(i), Map(
                    ("role", "app"),
                    ("extraOpts", Map(("replicas", (long)(1 + (i % 3))), ("tier", Tiers[i % 3]))),
                    ("address", Map(("network", NetworkName(i / HostsPerNetwork)), ("ip", LabIp(i, 2)))),
                    ("mac", Mac(0xb1, i, 0)),
                    ("ssh", Map(("hostKey", HostKey(VmName(i))))))))),
                ("containers", Map((ContainerName(i), Map(("role", "worker")))))));
        }

        var name = ConstellationName(c);
        return new SiteFile($"constellations/{name}.yaml", $"Constellation {c}: hosts {c * HostsPerConstellation} to {end - 1}.", Map(("constellations", Map((name, Map(
            ("description", $"Tenant {c}"),
            ("domain", ConstellationDomain(c)),
            ("machines", machines)))))));
    }
}
