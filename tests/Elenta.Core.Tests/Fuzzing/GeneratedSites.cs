using System.Text;
using CsCheck;

namespace Elenta.Core.Tests.Fuzzing;

/// <summary>
/// Small sites written from scratch, field by field, with values drawn from pools of the valid,
/// the odd and the hostile (a /0 or /32 network, a DHCP pool outside its network, a bond of
/// itself, the same MAC twice, an instance on a machine that does not exist...). Unlike mutated
/// text, most of them are well-formed YAML of the right shape, so they reach binding, analysis and,
/// when no rule objects, every emitter. Each site is made from a list of numbers (the choices), so
/// CsCheck shrinks a failing site by shrinking its choices towards the first option of each pool.
/// </summary>
public static class GeneratedSites
{
    private static readonly string[] NetworkNames = ["lab", "dmz", "kansas", "lab-2", "x"];
    private static readonly string[] HostNames = ["alpha", "beta", "gamma", "toto", "a-1", "alpha"];
    private static readonly string[] RoleNames = ["web", "db", "dns", "web"];
    private static readonly string[] Interfaces = ["eth0", "eth1", "bond0", "eth0.10", "br0"];

    private static readonly string[] Cidrs =
    [
        "10.0.0.0/24", "10.0.0.0/24", "10.0.1.0/24", "10.0.0.0/16", "10.0.0.0/30", "10.0.0.0/31", "10.0.0.1/32", "0.0.0.0/0", "192.168.0.0/23",
        "'fd00::/64'", "'2001:db8::/126'", "'::/0'", "10.0.0.0/8", "10.0.0.128/25",
    ];

    private static readonly string[] Ips =
    [
        "10.0.0.2", "10.0.0.3", "10.0.0.2", "10.0.0.0", "10.0.0.255", "10.0.1.7", "192.168.1.1", "0.0.0.0", "255.255.255.255",
        "'fd00::2'", "'fd00::3'", "'2001:db8::1'", "'::'", "10.0.0.129",
    ];

    /// <summary>Distinct valid host keys, one per machine of a tame site.</summary>
    private static readonly string[] ValidKeys =
    [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDaWOHze933WJE/mKhjgCbAQ+z6MVh2cv03OUGr44KGz",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDnamChHvTIaxFLzuvcv0GO0VO3mla4Nezt0EwxLIDl/",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIETZZmvqM19sDx5tr3/sQtZRF7v3KjC/JhoQYRl2vXF9",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIHym7c3aDErTdvuYrpfjAKlG9L8zMLSf2CkwURTQyAa",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIImP9Kf3JOYEgkc0gkHfNd+yD3XKnukPIze8QS9JZKdq",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ+l63lvmJ1PiPs19D1rGT7AuFpFaSsMV+R2pSf7h2Qd",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL+dt9zKsxUkl/h7MJnl0DZkwaoFVnLY41aUIaJ3QjP0",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILCieyTRsb1ZSKFTp+kJpZPuHPfqptuJ36tCzeb62/fB",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMLOaWAMnlcrzwUiMU8ossuEMmxhIICbhBWt6NXya9lA",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMs2uxf/5W2094VoFl5wOiKghM4/GlLRCMAUpNCURlBV",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMwDi92n5GbyiFaD6/VBU8w7GPQaw+kYlByOx1FOuRbc",
    ];

    private static readonly string[] Macs = ["02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "00:00:00:00:00:00"];

    private static readonly string[] HostKeys =
    [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u",
        "ssh-ed25519 AAAA", "ssh-rsa AAAAB3NzaC1yc2E=", "not a key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u comment with spaces",
    ];

    private static readonly string[] Sizes = ["1GiB", "8GiB", "1B", "4TB", "1.5GiB", "8000PiB", "512MiB"];
    private static readonly string[] Ports = ["tcp/80", "80", "udp/53", "tcp/22", "tcp/1-65535", "tcp/8000-8010", "443", "udp/67"];
    private static readonly string[] Domains = ["example.test", "emerald.city", "a.b.c.d.example", "x", "canon", "example.test.", "ÿ.test", "in-addr.arpa"];
    private static readonly string[] RecordNames = ["@", "www", "*", "mail", "a.b", "alpha", "_sip._tcp"];
    private static readonly string[] Paths = ["/var/lib/x", "/", "/srv/data", "relative/path", "/var/lib/x"];

    /// <summary>Sites made from 64 to 400 choices.</summary>
    public static readonly Gen<FuzzSite> Sites = Gen.Int[0, 1 << 20].Array[64, 400].Select(Write);

    /// <summary>Mutations that keep a tame site's shape: a value, a scalar inside a flow mapping, a name, an entry copied.</summary>
    private static readonly int[] ShapeKeepingMutations = [9, 9, 9, 4, 12, 13, 1];

    /// <summary>
    /// A third of the sites are tame (valid, varied in shape), a third tame with one to three values
    /// made odd (so odd values reach analysis and the emitters), a third odd throughout: decided by
    /// the first choice, so a failure shrinks towards tame.
    /// </summary>
    public static FuzzSite Write(int[] choices)
    {
        var c = new Choices(choices);
        switch (c.Next(3))
        {
            case 0:
                return Tame(c);
            case 1:
            {
                var site = Tame(c);
                var mutations = Enumerable.Range(0, 1 + c.Next(3))
                    .Select(_ => new SiteMutations.Mutation(ShapeKeepingMutations[c.Next(ShapeKeepingMutations.Length)], 1, c.Next(4096), c.Next(4096)))
                    .ToList();
                return SiteMutations.Apply(site, mutations);
            }

            default:
                return Odd(c);
        }
    }

    /// <summary>
    /// A site that should check clean, or nearly: every name it uses is defined, every address,
    /// MAC, key, port and mount is its own. Its shape varies (how many networks, hosts, roles,
    /// guests, records; which optional parts), so the emitters see many sites, not one.
    /// </summary>
    private static FuzzSite Tame(Choices c)
    {
        var sb = new StringBuilder();
        var networkCount = 1 + c.Next(3);
        var networks = Enumerable.Range(0, networkCount).Select(i => $"n{i}").ToList();
        sb.Append("networks:\n");
        for (var i = 0; i < networkCount; i++)
        {
            sb.Append($"  n{i}: {{ cidr: 10.{i}.0.0/24, gateway: 10.{i}.0.1");
            Optional(c, sb, "dhcp", () => $"{{ from: 10.{i}.0.200, to: 10.{i}.0.{200 + c.Next(50)}" + (c.Chance(2) ? ", leaseTime: " + c.Pick(["12h", "3600", "1d"]) : string.Empty) + " }");
            Optional(c, sb, "reverseDns", () => c.Pick(["true", "false"]));
            sb.Append(" }\n");
        }

        var hostCount = 1 + c.Next(4);
        var hosts = Enumerable.Range(0, hostCount).Select(i => $"h{i}").ToList();
        var racked = c.Chance(2);
        var switched = c.Chance(2);
        sb.Append("cadaster:\n  compute:\n");
        for (var h = 0; h < hostCount; h++)
        {
            sb.Append($"    h{h}:\n      hardware: {{ cpus: 64, memory: 256GiB, disk: 4TB }}\n      interfaces:\n");
            sb.Append($"        eth0: {{ mac: \"02:00:00:00:{h:x2}:00\"" + (switched ? $", link: \"sw:{h + 1}\"" : string.Empty) + " }\n");
            var onNetworks = 1 + c.Next(networkCount);
            sb.Append("      canon:\n");
            for (var n = 0; n < onNetworks; n++)
            {
                sb.Append($"        n{n}: {{ ip: 10.{n}.0.{10 + h}, interface: eth0 }}\n");
            }

            sb.Append($"      ssh: {{ hostKey: \"{ValidKeys[h]}\" }}\n");
            Line(c, sb, "bmc", () => $"{{ network: n0, ip: 10.0.0.{150 + h}, mac: \"02:00:00:00:{h:x2}:ff\" }}");
            Line(c, sb, "driver", () => c.Pick(["nixos", "files", "none"]));
            Line(c, sb, "tags", () => "[a, b]");
            if (racked)
            {
                sb.Append($"      rack: {{ name: r1, unit: {1 + (2 * h)}, height: 1 }}\n      power: {{ pdu: p1, watts: {c.Pick(["100", "0", "450"])} }}\n");
            }
        }

        if (switched)
        {
            sb.Append("  network:\n    switches:\n      sw: { ports: 48, portMap: { \"1\": { mode: access } } }\n");
        }

        if (racked)
        {
            sb.Append("  racks: { r1: { height: 42 } }\n  power: { p1: { rack: r1, capacityWatts: 100000 } }\n");
        }

        if (c.Chance(2))
        {
            sb.Append("  storage:\n    disks:\n      d1: { wwn: \"0x5000c500a1b2c3d4\", host: h0, size: 4TB }\n      d2: { wwn: \"0x5000c500a1b2c3d5\", host: h0, size: 4TB }\n")
                .Append($"    pools:\n      tank: {{ host: h0, type: zfs, layout: {c.Pick(["mirror", "stripe"])}, disks: [d1, d2], datasets: {{ data: {{ mountpoint: /srv/data, size: {c.Pick(Sizes)} }} }} }}\n");
        }

        var roleCount = 1 + c.Next(3);
        sb.Append("roles:\n");
        for (var r = 0; r < roleCount; r++)
        {
            sb.Append($"  r{r}:\n    resources: {{ cpus: 1, memory: 1GiB, disk: 10GiB }}\n");
            sb.Append("    options:\n      mode: { type: enum, values: [a, b], default: a }\n");
            if (c.Chance(16))
            {
                // A deep value in block style, which every view carries: past 200 levels it must be EL0015,
                // whichever YAML reader reads it (at 1,000 the fast reader's result once crashed the view writer), and
                // below that every stage must carry it (at 64 reading a view back for templates crashed).
                sb.Append("      payload:\n        type: any\n        default:\n");
                var depth = int.Parse(c.Pick(["2", "20", "100", "190", "250", "1100"]), System.Globalization.CultureInfo.InvariantCulture);
                for (var level = 0; level < depth; level++)
                {
                    sb.Append(' ', 10 + level).Append("k:\n");
                }

                sb.Append(' ', 10 + depth).Append("v: 1\n");
            }

            Line(c, sb, "services", () => $"{{ s{r}: {{ port: tcp/{8000 + r} }} }}", 4);
            Line(c, sb, "proxy", () => $"{{ p{r}: {{ port: {8000 + r}" + (c.Chance(2) ? ", websocket: false" : string.Empty) + " } }", 4);
            Line(c, sb, "metrics", () => $"[ {{ port: {9100 + r} }} ]", 4);
            Line(c, sb, "dashboard", () => $"[ {{ title: R{r} }} ]", 4);
            Line(c, sb, "mounts", () => $"[ {{ path: /var/lib/r{r} }} ]", 4);
            Line(c, sb, "config", () => "{ files: [ { path: /etc/r" + r + ".conf, template: t.liquid } ], activate: [ 'true' ] }", 4);
        }

        sb.Append("constellations:\n");
        var guests = 0;
        var constellationDomains = new List<string>();
        string Declared(string domain)
        {
            constellationDomains.Add(domain);
            return domain;
        }

        var constellationCount = 1 + c.Next(2);
        for (var k = 0; k < constellationCount; k++)
        {
            sb.Append($"  c{k}:\n");
            Line(c, sb, "domain", () => Declared($"c{k}.example.test"), 4);
            sb.Append("    machines:\n");
            var host = c.Next(hostCount);
            sb.Append($"      h{host}:\n");
            // Each role once per constellation: a role's proxied names are per constellation domain.
            var used = 0;
            foreach (var kind in new[] { "hostConfig", "vms", "containers" })
            {
                var count = c.Next(3);
                if (count == 0)
                {
                    continue;
                }

                sb.Append($"        {kind}:\n");
                for (var i = 0; i < count; i++)
                {
                    if (used == roleCount || (kind != "hostConfig" && guests >= ValidKeys.Length - 5))
                    {
                        break;
                    }

                    sb.Append($"          c{k}{kind[0]}{i}: {{ role: r{used++}");
                    if (kind != "hostConfig")
                    {
                        // On the host itself, two constellations setting one role's option differently would contradict (EL3001).
                        sb.Append($", extraOpts: {{ mode: {c.Pick(["a", "b"])} }}");
                        guests++;
                        sb.Append($", address: {{ network: n0, ip: 10.0.0.{100 + guests} }}, mac: \"02:00:00:01:00:{guests:x2}\", ssh: {{ hostKey: \"{ValidKeys[Math.Min(ValidKeys.Length - 1, 4 + guests)]}\" }}");
                    }

                    sb.Append(" }\n");
                }
            }
        }

        var zoneTest = c.Chance(2);
        if (zoneTest || constellationDomains.Count > 0)
        {
            sb.Append("domains:\n");
        }

        if (zoneTest)
        {
            sb.Append("  zone.test:\n    nameservers: [h0]\n    records:\n      \"@\": { A: 10.0.0.10 }\n");
            Line(c, sb, "www", () => c.Pick(["{ CNAME: \"@\" }", "{ A: 10.0.0.11 }", "{ TXT: \"v=spf1 -all\" }"]), 6);
            Line(c, sb, "mail", () => "{ A: 10.0.0.12, MX: \"10 mail\" }", 6);
        }

        // A constellation's domain is a domain of the site, whose zone publishes its names (EL5015).
        foreach (var domain in constellationDomains)
        {
            sb.Append($"  {domain}: {{}}\n");
        }

        var settings = new StringBuilder("site: tame\ncanonDomain: canon\ndns: { servers: [h0], blockOutgoing: [canon, test] }\n");
        settings.Append("analysis: { rules: { EL5008: off } }\n");
        if (c.Chance(2))
        {
            settings.Append("netbootStore: { path: /srv/netboot, baseUrl: http://h0.canon:8080/netboot }\n");
        }

        return new FuzzSite(
        [
            (FuzzSite.Root + "/elenta.yaml", settings.ToString()),
            (FuzzSite.Root + "/site.yaml", sb.ToString()),
            (FuzzSite.Root + "/t.liquid", "{{ machine.name }}\n"),
        ]);
    }

    /// <summary>A site whose every field may hold an odd value, or a name that points at nothing.</summary>
    private static FuzzSite Odd(Choices c)
    {
        var sb = new StringBuilder();

        var networks = Distinct(c, NetworkNames, 1, 3);
        sb.Append("networks:\n");
        foreach (var n in networks)
        {
            sb.Append($"  {n}: {{ cidr: {c.Pick(Cidrs)}");
            Optional(c, sb, "vlan", () => c.Pick(["10", "20", "4094", "1"]));
            Optional(c, sb, "gateway", () => c.Pick(Ips));
            Optional(c, sb, "dns", () => $"[{c.Pick(Ips)}]");
            Optional(c, sb, "dhcp", () => $"{{ from: {c.Pick(Ips)}, to: {c.Pick(Ips)}" + (c.Chance(4) ? $", leaseTime: {c.Pick(["12h", "0", "1h30m", "120", "forever"])}" : string.Empty) + " }");
            Optional(c, sb, "reverseDns", () => c.Pick(["true", "false"]));
            Optional(c, sb, "untrusted", () => c.Pick(["true", "false"]));
            sb.Append(" }\n");
        }

        var hosts = Distinct(c, HostNames, 1, 4);
        sb.Append("cadaster:\n  compute:\n");
        foreach (var h in hosts)
        {
            sb.Append($"    {h}:\n");
            sb.Append($"      hardware: {{ cpus: {c.Pick(["4", "1", "64"])}, memory: {c.Pick(Sizes)}, disk: {c.Pick(Sizes)}");
            Optional(c, sb, "overcommit", () => $"{{ cpu: {c.Pick(["2.0", "0.5", "1"])} }}");
            sb.Append(" }\n");
            var interfaces = Distinct(c, Interfaces, 1, 3);
            sb.Append("      interfaces:\n");
            foreach (var i in interfaces)
            {
                sb.Append($"        {i}: {{ mac: \"{c.Pick(Macs)}\"");
                Optional(c, sb, "link", () => $"\"{c.Pick(["sw:1", "sw:2", "sw:99", "nosw:1"])}\"");
                Optional(c, sb, "bond", () => $"[{c.Pick(Interfaces)}, {c.Pick(Interfaces)}]");
                Optional(c, sb, "vlan", () => c.Pick(["10", "20"]));
                Optional(c, sb, "parent", () => c.Pick(Interfaces));
                Optional(c, sb, "alias", () => c.Pick(Interfaces));
                sb.Append(" }\n");
            }

            sb.Append("      canon:\n");
            foreach (var n in Distinct(c, networks, 1, networks.Count))
            {
                sb.Append($"        {n}: {{ ip: {c.Pick(Ips)}, interface: {c.Pick(interfaces)}");
                Optional(c, sb, "primary", () => c.Pick(["true", "false"]));
                Optional(c, sb, "shared", () => c.Pick(["true", "false"]));
                sb.Append(" }\n");
            }

            Line(c, sb, "ssh", () => $"{{ hostKey: \"{c.Pick(HostKeys)}\"" + (c.Chance(3) ? $", retiredKeys: [\"{c.Pick(HostKeys)}\"]" : string.Empty) + " }");
            Line(c, sb, "boot", () => $"{{ mode: {c.Pick(["disk", "netboot"])}, firmware: {c.Pick(["uefi", "bios"])}" + (c.Chance(2) ? $", imageSize: {c.Pick(Sizes)}" : string.Empty) + " }");
            Line(c, sb, "bmc", () => $"{{ network: {c.Pick(networks)}, ip: {c.Pick(Ips)}, mac: \"{c.Pick(Macs)}\"" + (c.Chance(2) ? $", name: {c.Pick(["drac", "bmc", "alpha", "-x"])}" : string.Empty) + " }");
            Line(c, sb, "rack", () => $"{{ name: {c.Pick(["r1", "r2"])}, unit: {c.Pick(["1", "41", "42", "2"])}, height: {c.Pick(["1", "2", "42"])} }}");
            Line(c, sb, "power", () => $"{{ pdu: {c.Pick(["p1", "p2"])}, watts: {c.Pick(["100", "0", "5000"])} }}");
            Line(c, sb, "driver", () => c.Pick(["nixos", "files", "none"]));
        }

        if (c.Chance(2))
        {
            sb.Append("  network:\n    switches:\n      sw: { ports: ").Append(c.Pick(["24", "1", "48"]))
                .Append(", portMap: { \"1\": { mode: ").Append(c.Pick(["access", "trunk"])).Append(", vlan: ").Append(c.Pick(["10", "20"]))
                .Append(", vlans: [10, 20] } } }\n");
            if (c.Chance(2))
            {
                sb.Append($"    firewalls:\n      fw: {{ host: {c.Pick(hosts)}, zones: {{ a: [{c.Pick(networks)}], b: [{c.Pick(networks)}] }}, default: {c.Pick(["deny", "allow"])}, ")
                    .Append($"rules: [ {{ from: a, to: b, allow: [{c.Pick(Ports)}] }}, {{ from: '*', to: a, deny: [{c.Pick(Ports)}] }} ] }}\n");
            }
        }

        if (c.Chance(2))
        {
            sb.Append("  racks: { r1: { height: ").Append(c.Pick(["42", "1", "10"])).Append(" } }\n");
            sb.Append("  power: { p1: { rack: r1, capacityWatts: ").Append(c.Pick(["1800", "1", "100"])).Append(" } }\n");
        }

        if (c.Chance(2))
        {
            var host = c.Pick(hosts);
            sb.Append("  storage:\n    disks:\n")
                .Append($"      d1: {{ wwn: \"0x5000c500a1b2c3d4\", host: {host}, size: {c.Pick(Sizes)} }}\n")
                .Append($"      d2: {{ {c.Pick(["wwn: \"0x5000c500a1b2c3d4\"", "wwn: \"0x5000c500a1b2c3d5\"", "device: /dev/sdb"])}, host: {c.Pick(hosts)} }}\n")
                .Append($"    pools:\n      tank: {{ host: {host}, type: {c.Pick(["zfs", "mdraid", "lvm", "btrfs"])}, layout: {c.Pick(["mirror", "raidz1", "stripe", "raid10"])}, disks: [d1, {c.Pick(["d2", "d1", "/dev/sdc"])}]")
                .Append($", datasets: {{ data: {{ mountpoint: {c.Pick(Paths)}, size: {c.Pick(Sizes)} }} }} }}\n");
        }

        var roles = Distinct(c, RoleNames, 1, 3);
        sb.Append("roles:\n");
        foreach (var r in roles)
        {
            sb.Append($"  {r}:\n");
            Line(c, sb, "resources", () => $"{{ cpus: {c.Pick(["1", "2", "64"])}, memory: {c.Pick(Sizes)}, disk: {c.Pick(Sizes)} }}", 4);
            Line(c, sb, "services", () => $"{{ s: {{ port: {c.Pick(Ports)}" + (c.Chance(2) ? $", clients: [{c.Pick(networks)}]" : string.Empty) + (c.Chance(3) ? $", interface: {c.Pick(Interfaces)}" : string.Empty) + " } }", 4);
            Line(c, sb, "proxy", () => $"{{ {c.Pick(["app", "www", "alpha", "_bad"])}: {{ port: {c.Pick(Ports)}" + (c.Chance(2) ? $", frontendPort: {c.Pick(["80", "443", "8080"])}" : string.Empty) + " } }", 4);
            Line(c, sb, "metrics", () => $"[ {{ port: {c.Pick(Ports)}, path: {c.Pick(Paths)} }} ]", 4);
            Line(c, sb, "dashboard", () => $"[ {{ title: {c.Pick(["App", "'ü'", "x"])}" + (c.Chance(2) ? $", url: {c.Pick(["http://x", "'not a url'", "https://a.example.test/"])}" : string.Empty) + " } ]", 4);
            Line(c, sb, "mounts", () => $"[ {{ path: {c.Pick(Paths)}" + (c.Chance(2) ? $", dataset: {c.Pick(["tank/data", "tank/data", "nope/x"])}, export: {c.Pick(["true", "false"])}" : string.Empty) + " } ]", 4);
            Line(c, sb, "requires", () => $"[ {{ role: {c.Pick(RoleNames)} }} ]", 4);
            Line(c, sb, "needs", () => $"[{c.Pick(NetworkNames)}]", 4);
            Line(c, sb, "options", () => "{ mode: { type: enum, values: [a, b], default: " + c.Pick(["a", "c"]) + " }, n: { type: int, default: " + c.Pick(["1", "-1", "x"]) + " } }", 4);
            Line(c, sb, "maxPerConstellation", () => c.Pick(["1", "2"]), 4);
            Line(c, sb, "spread", () => c.Pick(["host", "none"]), 4);
            Line(c, sb, "config", () => "{ files: [ { path: " + c.Pick(Paths) + ", template: " + c.Pick(["t.liquid", "missing.liquid", "../../etc/passwd"]) + " } ], activate: [ 'true' ] }", 4);
        }

        sb.Append("constellations:\n");
        foreach (var k in Distinct(c, ["app", "ops"], 1, 2))
        {
            sb.Append($"  {k}:\n");
            Line(c, sb, "domain", () => c.Pick(Domains), 4);
            Line(c, sb, "redirectBareTo", () => c.Pick(["www", "app", "nothing"]), 4);
            sb.Append("    machines:\n");
            foreach (var m in Distinct(c, [.. hosts, "nobody", hosts[0] + ".canon"], 1, 2))
            {
                sb.Append($"      {m}:\n");
                foreach (var kind in new[] { "hostConfig", "vms", "containers" })
                {
                    if (!c.Chance(2))
                    {
                        continue;
                    }

                    sb.Append($"        {kind}:\n");
                    foreach (var i in Distinct(c, ["i1", "i2", "www", "alpha", "db"], 1, 2))
                    {
                        sb.Append($"          {i}: {{ role: {c.Pick([.. roles, "ghost"])}");
                        Optional(c, sb, "address", () => $"{{ network: {c.Pick(networks)}, ip: {c.Pick(Ips)} }}");
                        Optional(c, sb, "mac", () => $"\"{c.Pick(Macs)}\"");
                        Optional(c, sb, "resources", () => $"{{ cpus: {c.Pick(["1", "8", "128"])}, memory: {c.Pick(Sizes)} }}");
                        Optional(c, sb, "extraOpts", () => $"{{ mode: {c.Pick(["a", "b", "z"])} }}");
                        Optional(c, sb, "ssh", () => $"{{ hostKey: \"{c.Pick(HostKeys)}\" }}");
                        sb.Append(" }\n");
                    }
                }
            }
        }

        if (c.Chance(2))
        {
            sb.Append("domains:\n");
            foreach (var d in Distinct(c, Domains, 1, 2))
            {
                sb.Append($"  {d}:\n    nameservers: [{c.Pick(hosts)}]\n");
                Line(c, sb, "private", () => c.Pick(["true", "false"]), 4);
                sb.Append("    records:\n");
                foreach (var r in Distinct(c, RecordNames, 1, 3))
                {
                    sb.Append($"      \"{r}\": {{ ");
                    sb.Append(c.Pick([$"A: {c.Pick(Ips)}", $"CNAME: {c.Pick(["www", "alpha.canon.", "mail", "@", "x.example.test."])}", $"MX: \"10 {c.Pick(["mail", "www", "."])}\"",
                        $"TXT: \"{c.Pick(["v=spf1 -all", "\\\"quoted\\\"", new string('x', 300)])}\"", $"SRV: \"0 5 5060 {c.Pick(["sip", "www"])}\"", $"AAAA: {c.Pick(Ips)}", "NS: ns1"]));
                    Optional(c, sb, "ttl", () => c.Pick(["0", "60", "2147483647"]), ", ");
                    sb.Append(" }\n");
                }
            }
        }

        var settings = new StringBuilder("site: generated\n");
        settings.Append("canonDomain: ").Append(c.Pick(["canon", "canon", "lab.internal", "x"])).Append('\n');
        if (c.Chance(2))
        {
            settings.Append($"netbootStore: {{ path: /srv/netboot, baseUrl: {c.Pick(["http://toto.canon:8080/netboot", "https://x/", "''"])} }}\n");
        }

        if (c.Chance(2))
        {
            settings.Append($"dns: {{ servers: [{c.Pick(hosts)}], blockOutgoing: [canon]");
            Optional(c, settings, "ttl", () => c.Pick(["0", "300"]));
            settings.Append(" }\n");
        }

        // Most rules stay on; switching a few off now and then lets sites with those findings reach the emitters.
        if (c.Chance(2))
        {
            settings.Append("analysis: { rules: { EL8007: off, EL8008: off, EL5008: off, EL4005: off, EL5010: off } }\n");
        }

        return new FuzzSite(
        [
            (FuzzSite.Root + "/elenta.yaml", settings.ToString()),
            (FuzzSite.Root + "/site.yaml", sb.ToString()),
            (FuzzSite.Root + "/t.liquid", c.Pick(["{{ machine.name }}\n", "{% for x in %}\n", "plain\n", "{{ a | nofilter }}\n"])),
        ]);
    }

    private static List<string> Distinct(Choices c, IReadOnlyList<string> pool, int min, int max)
    {
        var count = min + c.Next(max - min + 1);
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = c.Pick(pool);
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>", key: value" inside a flow mapping, half the time.</summary>
    private static void Optional(Choices c, StringBuilder sb, string key, Func<string> value, string separator = ", ")
    {
        if (c.Chance(2))
        {
            sb.Append(separator).Append(key).Append(": ").Append(value());
        }
    }

    /// <summary>"key: value" on a line of its own (indented 6 or <paramref name="indent"/>), half the time.</summary>
    private static void Line(Choices c, StringBuilder sb, string key, Func<string> value, int indent = 6)
    {
        if (c.Chance(2))
        {
            sb.Append(' ', indent).Append(key).Append(": ").Append(value()).Append('\n');
        }
    }

    /// <summary>Reads choices in order; past the end every choice is 0, the first option.</summary>
    private sealed class Choices(int[] values)
    {
        private int next;

        public int Next(int bound) => bound <= 1 ? 0 : (next < values.Length ? values[next++] : 0) % bound;

        public bool Chance(int oneIn) => Next(oneIn) == 1;

        public string Pick(IReadOnlyList<string> options) => options[Next(options.Count)];
    }
}
