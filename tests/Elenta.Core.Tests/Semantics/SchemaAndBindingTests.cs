using Elenta.Core.Model;

namespace Elenta.Core.Tests.Semantics;

public class SchemaAndBindingTests
{
    private static string Under(Elenta.Core.Diagnostics.Diagnostic d) =>
        d.Location!.Value.File.Text.Substring(d.Location!.Value.Span.Start, d.Location!.Value.Span.Length);

    [Fact]
    public void UnknownKeySuggestsTheNearOne()
    {
        var c = TestSite.Minimal().File("z.yaml", "cadaster: { compute: { alpha: { hardwre: { cpus: 1 } } } }\n").Compile();
        var d = c.Diagnostics.Single("EL2001");
        Assert.Contains("did you mean 'hardware'?", d.Message);
        Assert.Equal("hardwre", Under(d));
        Assert.Contains("interfaces", d.Help);
    }

    [Theory]
    [InlineData("cadaster: { compute: { gamma: { hardware: { cpus: -3 } } } }", "-3", "from 1 to 2147483647")]
    [InlineData("cadaster: { compute: { gamma: { hardware: { cpus: 0 } } } }", "0", "from 1 to 2147483647")]
    [InlineData("cadaster: { compute: { gamma: { hardware: { cpus: 9223372036854775807 } } } }", "9223372036854775807", "from 1 to 2147483647")]
    [InlineData("cadaster: { compute: { gamma: { hardware: { overcommit: { cpu: -1 } } } } }", "-1", "above zero")]
    [InlineData("cadaster: { compute: { gamma: { hardware: { overcommit: { memory: 0 } } } } }", "0", "above zero")]
    [InlineData("cadaster: { compute: { gamma: { hardware: { memory: 0GiB } } } }", "0GiB", "above zero")]
    [InlineData("cadaster: { compute: { gamma: { ssh: { port: -22 } } } }", "-22", "from 1 to 65535")]
    [InlineData("cadaster: { compute: { gamma: { ssh: { port: 70000 } } } }", "70000", "from 1 to 65535")]
    [InlineData("cadaster: { compute: { gamma: { rack: { name: r, unit: 0 } } }, racks: { r: { height: 42 } } }", "0", "from 1 to 2147483647")]
    [InlineData("cadaster: { racks: { r: { height: -42 } } }", "-42", "from 1 to 2147483647")]
    [InlineData("cadaster: { storage: { disks: { d1: { size: 0TB } } } }", "0TB", "above zero")]
    [InlineData("roles: { tiny: { resources: { cpus: -1 } } }", "-1", "from 1 to 2147483647")]
    [InlineData("roles: { tiny: { proxy: { app: { port: 8080, frontendPort: 0 } } } }", "0", "from 1 to 65535")]
    [InlineData("networks: { dmz: { cidr: 10.9.0.0/24, vlan: 4095 } }", "4095", "from 1 to 4094")]
    [InlineData("networks: { dmz: { cidr: 10.9.0.0/24, mtu: 67 } }", "67", "from 68 to 65535")]
    [InlineData("networks: { dmz: { cidr: 10.9.0.0/24, mtu: 65536 } }", "65536", "from 68 to 65535")]
    public void ANumberOutOfItsRangeIsALocatedErrorWithTheRangeAsTheFix(string yaml, string value, string range)
    {
        var c = TestSite.Minimal().File("z.yaml", yaml + "\n").Compile();
        var d = c.Diagnostics.Single("EL2004");
        Assert.Equal("z.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal(value, Under(d));
        Assert.Contains(range, d.Message);
        Assert.Contains(range, d.Help);
    }

    [Fact]
    public void NumbersAtTheEdgesOfTheirRangesAreAccepted()
    {
        var c = TestSite.Minimal().File("z.yaml", """
            cadaster:
              compute:
                gamma: { hardware: { cpus: 1, memory: 1B, overcommit: { cpu: 0.25 } }, ssh: { port: 65535 }, rack: { name: r, unit: 1, height: 1 }, power: { pdu: p, watts: 0 } }
              racks: { r: { height: 1 } }
              power: { p: { rack: r, capacityWatts: 1 } }
            networks: { dmz: { cidr: 10.9.0.0/24, vlan: 4094 } }
            """).Compile(analyze: false);
        c.Diagnostics.None("EL2004");
    }

    [Fact]
    public void UnknownTopLevelKey()
    {
        var c = TestSite.Minimal().File("z.yaml", "netwroks: {}\n").Compile();
        Assert.Contains("'networks'", c.Diagnostics.Single("EL2001").Message);
    }

    [Fact]
    public void WrongKindOfValue()
    {
        var c = TestSite.Minimal().File("z.yaml", "networks: { dmz: [10.9.0.0/24] }\n").Compile();
        var d = c.Diagnostics.Single("EL2002");
        Assert.Contains("networks.dmz", d.Message);
        Assert.Contains("a list", d.Message);
    }

    [Fact]
    public void MissingRequiredField()
    {
        var c = TestSite.Minimal().File("z.yaml", "networks: { dmz: { vlan: 3 } }\n").Compile();
        var d = c.Diagnostics.Single("EL2003");
        Assert.Contains("'cidr'", d.Message);
        Assert.Equal("dmz", Under(d));
    }

    [Theory]
    [InlineData("cadaster: { compute: { gamma: { hardware: { memory: 8 GiBs } } } }", "8 GiBs")]
    [InlineData("cadaster: { compute: { gamma: { canon: { lab: { ip: 10.0.0.300 } } } } }", "10.0.0.300")]
    [InlineData("cadaster: { compute: { gamma: { interfaces: { e: { mac: \"aa:bb:cc:dd:ee\" } } } } }", "aa:bb:cc:dd:ee")]
    [InlineData("cadaster: { storage: { disks: { d: { wwn: \"0x12\" } } } }", "0x12")]
    [InlineData("roles: { r: { services: { s: { port: tcp/70000 } } } }", "tcp/70000")]
    [InlineData("cadaster: { compute: { gamma: { hardware: { cpus: four } } } }", "four")]
    public void UnparsableValuesAreReportedAtTheValue(string yaml, string text)
    {
        var c = TestSite.Minimal().File("z.yaml", yaml + "\n").Compile();
        Assert.Equal(text, Under(c.Diagnostics.Single("EL2004")).Trim('"'));
    }

    [Fact]
    public void ANetbootUrlWhoseAddressIsNotDottedDecimalIsAnError()
    {
        var c = TestSite.Minimal().File("z.yaml", "netbootStore: { path: /srv/netboot, baseUrl: \"http://010.0.0.2:8080/netboot\" }\n").Compile();
        var d = c.Diagnostics.Single("EL2004");
        Assert.Equal("write 10.0.0.2: four decimal numbers 0-255, no leading zeros (a URL reads 010.0.0.2 as 8.0.0.2)", d.Help);
        TestSite.Minimal().File("z.yaml", "netbootStore: { path: /srv/netboot, baseUrl: \"http://10.0.0.2:8080/netboot\" }\n").Compile().Diagnostics.None("EL2004");
    }

    [Theory]
    [InlineData("\"backup@daily\": {}", "backup@daily")] // a snapshot's name
    [InlineData("\"/lead\": {}", "/lead")]
    [InlineData("\"q'uote\": {}", "q'uote")]
    [InlineData("\"a//b\": {}", "a//b")]
    [InlineData("\"srv/www\": { mountpoint: srv }", "srv")] // a relative mount point
    public void AZfsDatasetNameOrMountPointZfsRefusesIsAnError(string dataset, string at)
    {
        var yaml = "cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, disks: [/dev/sdz], datasets: { " + dataset + " } } } } }\n";
        var d = TestSite.Minimal().File("z.yaml", yaml).Compile().Diagnostics.Single("EL2004");
        Assert.Equal(at, Under(d).Trim('"'));
    }

    // A NIC named enp0s20f0u1u2u3i5 made nft refuse the whole firewall ("String exceeds maximum length
    // of 16"); 'ip link add br-laboratory-storage type bridge' fails: the kernel takes at most 15 bytes.
    [Theory]
    [InlineData("interfaces: { enp0s20f0u1u2u3i5: { mac: \"02:00:00:00:00:09\" } }", "enp0s20f0u1u2u3i5", "17 bytes long, over the 15")]
    [InlineData("interfaces: { bond-uplink-primary: { bond: [eth0] }, eth0: {} }", "bond-uplink-primary", "19 bytes long")]
    [InlineData("interfaces: { eth0: {}, eth0.1000-storage: { vlan: 1000, parent: eth0 } }", "eth0.1000-storage", "17 bytes long")]
    [InlineData("interfaces: { eth0: { bridge: br-laboratory-storage } }", "br-laboratory-storage", "21 bytes long")]
    [InlineData("interfaces: { eth0: { bridge: \"br lab\" } }", "br lab", "a space")]
    [InlineData("interfaces: { \"eth/0\": {} }", "eth/0", "'/' is not allowed")]
    [InlineData("interfaces: { \"eth0:1\": {} }", "eth0:1", "':' is not allowed")]
    [InlineData("interfaces: { \"eth%d\": {} }", "eth%d", "'%' is not allowed")]
    [InlineData("interfaces: { \"\\teth0\": {} }", "\\teth0", "a control character")]
    [InlineData("interfaces: { éth0: {} }", "éth0", "not ASCII")]
    [InlineData("interfaces: { all: {} }", "all", "reserved")]
    [InlineData("interfaces: { default: {} }", "default", "reserved")]
    [InlineData("interfaces: { \".\": {} }", ".", "directory")]
    [InlineData("interfaces: { \"..\": {} }", "..", "directory")]
    [InlineData("interfaces: { \"0\": {} }", "0", "digits only")]
    [InlineData("interfaces: { \"\": {} }", "", "empty")]
    public void AnInterfaceOrBridgeNameTheKernelRefusesIsAnErrorAtTheName(string interfaces, string at, string why)
    {
        var c = TestSite.Minimal().File("z.yaml", $"cadaster: {{ compute: {{ gamma: {{ {interfaces} }} }} }}\n").Compile(analyze: false);
        var d = c.Diagnostics.Single("EL2004");
        Assert.Equal("z.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal(at, Under(d).Trim('"'));
        Assert.Contains("is not a Linux interface name: ", d.Message, StringComparison.Ordinal);
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
        Assert.Contains("at most 15", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInterfaceNameIsReportedOnceAtItsKeyNotAtEveryReferenceToIt()
    {
        var c = TestSite.Minimal().File("z.yaml", """
            cadaster:
              compute:
                gamma:
                  interfaces:
                    enp0s20f0u1u2u3i5: { mac: "02:00:00:00:00:09" }
                    vlan100: { vlan: 100, parent: enp0s20f0u1u2u3i5 }
                    bond0: { bond: [enp0s20f0u1u2u3i5] }
                    enp0s20f0u1u2u3i5_dns: { alias: enp0s20f0u1u2u3i5 }
            """).Compile(analyze: false);
        Assert.Equal(["enp0s20f0u1u2u3i5", "enp0s20f0u1u2u3i5_dns"], c.Diagnostics.Where(d => d.Code == "EL2004").Select(Under).Order().ToArray());
        c.Diagnostics.None("EL2005");
    }

    [Fact]
    public void ANetworksBridgeTheKernelRefusesIsAnErrorAtTheBridge()
    {
        var c = TestSite.Minimal().File("z.yaml", "networks: { dmz: { cidr: 10.9.0.0/24, bridge: br-demilitarized } }\n").Compile(analyze: false);
        var d = c.Diagnostics.Single("EL2004");
        Assert.Equal("br-demilitarized", Under(d));
        Assert.Contains("'networks.dmz.bridge': 'br-demilitarized' is not a Linux interface name: it is 16 bytes long", d.Message, StringComparison.Ordinal);
        Assert.StartsWith("name the bridge as the kernel can, such as br-dmz;", d.Help, StringComparison.Ordinal);
    }

    // A network's bridge defaults to br-NAME: past 12 characters of name, a name no bridge can have.
    [Fact]
    public void TheDefaultBridgeOfALongNetworkNameIsAnErrorAtTheNetworkWhenAVmAttachesToIt()
    {
        const string network = "networks: { laboratory-storage: { cidr: 10.8.0.0/24 } }\n";
        const string vm = "constellations: { app: { machines: { beta: { vms: { store: { role: web, address: { network: laboratory-storage, ip: 10.8.0.10 }, mac: \"02:00:00:00:01:02\" } } } } } }\n";
        var d = TestSite.Minimal().File("z.yaml", network).File("vm.yaml", vm).Compile(analyze: false).Diagnostics.Single("EL2004");
        Assert.Equal("z.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal("laboratory-storage", Under(d));
        Assert.Contains("'br-laboratory-storage' is not a Linux interface name: it is 21 bytes long", d.Message, StringComparison.Ordinal);
        Assert.Contains("VM 'store' attaches to the network's bridge", d.Help, StringComparison.Ordinal);
        Assert.Contains("bridge: br-laboratory-s,", d.Help, StringComparison.Ordinal);

        // With a bridge of its own, or without a VM on it, the network is fine.
        TestSite.Minimal().File("z.yaml", "networks: { laboratory-storage: { cidr: 10.8.0.0/24, bridge: br-labstore } }\n").File("vm.yaml", vm)
            .Compile(analyze: false).Diagnostics.None("EL2004");
        TestSite.Minimal().File("z.yaml", network).Compile(analyze: false).Diagnostics.None("EL2004");
    }

    [Fact]
    public void CommonInterfaceNamesAreAccepted() =>
        TestSite.Minimal().File("z.yaml", """
            cadaster:
              compute:
                gamma:
                  interfaces:
                    enp3s0f0: { mac: "02:00:00:00:00:11", bridge: br0 }
                    eno1: { mac: "02:00:00:00:00:12" }
                    eth0: { mac: "02:00:00:00:00:13" }
                    wlp2s0: { mac: "02:00:00:00:00:14", wireless: true }
                    enp0s20f0u1u2i5: { mac: "02:00:00:00:00:15" }
                    bond0: { bond: [eno1, eth0], mode: 802.3ad, bridge: br-lab }
                    eth0.100: { vlan: 100, parent: eno1 }
                    eno1_dns: { alias: eno1 }
            networks: { lab-storage1: { cidr: 10.8.0.0/24 } }
            constellations: { app: { machines: { beta: { vms: { store: { role: web, address: { network: lab-storage1, ip: 10.8.0.10 }, mac: "02:00:00:00:01:02" } } } } } }
            """).Compile(analyze: false).Diagnostics.None("EL2004");

    // format-disks wipes a pool's disks before zpool create: a name zpool refuses stopped it half way, with blank disks.
    [Theory]
    [InlineData("1tank", "it must begin with a letter")]
    [InlineData("_tank", "it must begin with a letter")]
    [InlineData("tank/data", "'/' is not allowed in a pool name")]
    [InlineData("tank@now", "'@' is not allowed in a pool name")]
    [InlineData("tänk", "'ä' is not allowed in a pool name")]
    [InlineData("mirror", "beginning with 'mirror' is reserved")]
    [InlineData("mirror-a", "beginning with 'mirror' is reserved")]
    [InlineData("raidz2pool", "beginning with 'raidz' is reserved")]
    [InlineData("draid", "beginning with 'draid' is reserved")]
    [InlineData("spares", "beginning with 'spare' is reserved")]
    [InlineData("log", "'log' is reserved")]
    [InlineData("", "it is empty")]
    public void AZfsPoolNameZpoolRefusesIsAnErrorAtTheName(string pool, string why)
    {
        var yaml = "cadaster: { storage: { pools: { \"" + pool + "\": { host: alpha, disks: [/dev/sdz], datasets: { srv: {} } } } } }\n";
        var d = TestSite.Minimal().File("z.yaml", yaml).Compile(analyze: false).Diagnostics.Single("EL2004");
        Assert.Equal("z.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal(pool, Under(d).Trim('"'));
        Assert.StartsWith("'cadaster.storage.pools.", d.Message, StringComparison.Ordinal);
        Assert.Contains($"': '{pool}' is not a ZFS pool name: ", d.Message, StringComparison.Ordinal);
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
        Assert.Contains("such as tank, rpool or data-1", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void AZfsPoolNameOver239BytesIsAnError()
    {
        var pool = "t" + new string('a', 239);
        var yaml = $"cadaster: {{ storage: {{ pools: {{ {pool}: {{ host: alpha, disks: [/dev/sdz] }} }} }} }}\n";
        var d = TestSite.Minimal().File("z.yaml", yaml).Compile(analyze: false).Diagnostics.Single("EL2004");
        Assert.Contains("it is 240 bytes long, over the 239 a pool name may have", d.Message, StringComparison.Ordinal);
        TestSite.Minimal().File("z.yaml", yaml.Replace(pool, pool[..239], StringComparison.Ordinal)).Compile(analyze: false).Diagnostics.None("EL2004");
    }

    [Theory]
    [InlineData("tank")]
    [InlineData("rpool")]
    [InlineData("data-1")]
    [InlineData("Tank_2.b:c")]
    [InlineData("my pool")]
    [InlineData("logs")]
    [InlineData("c0t0d0")] // a Solaris disk's name: refused by Solaris ZFS, not by OpenZFS
    public void ZfsPoolNamesZpoolTakesAreAccepted(string pool) =>
        TestSite.Minimal().File("z.yaml", "cadaster: { storage: { pools: { \"" + pool + "\": { host: alpha, disks: [/dev/sdz], datasets: { srv: {} } } } } }\n")
            .Compile(analyze: false).Diagnostics.None("EL2004");

    [Fact]
    public void ThePoolNameRulesAreZfsOnly() =>
        TestSite.Minimal().File("z.yaml", "cadaster: { storage: { pools: { \"0\": { host: alpha, type: mdraid, layout: raid1, disks: [/dev/sdy, /dev/sdz] } } } }\n")
            .Compile(analyze: false).Diagnostics.None("EL2004");

    // The files driver runs install -m "$mode": a mode it refuses left the machine without the file.
    [Theory]
    [InlineData("rwxr-xr-x")]
    [InlineData("\"u=rw,go=r\"")]
    [InlineData("0999")]
    [InlineData("99999")]
    [InlineData("64")]
    [InlineData("00644")]
    [InlineData("0o644")]
    [InlineData("\"\"")]
    public void ARoleFileModeThatIsNotOctalIsAnErrorAtTheMode(string mode)
    {
        var yaml = $"roles: {{ web: {{ config: {{ files: [ {{ path: /etc/app.conf, template: templates/app.conf, mode: {mode} }} ] }} }} }}\n";
        var d = TestSite.Minimal().File("z.yaml", yaml).Compile(analyze: false).Diagnostics.Single("EL2004");
        Assert.Equal("z.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal(mode, Under(d));
        Assert.Contains(": '" + mode.Trim('"') + "' is not an octal file mode", d.Message, StringComparison.Ordinal);
        Assert.Contains("is not an octal file mode of 3 or 4 digits from 0 to 7", d.Message, StringComparison.Ordinal);
        Assert.StartsWith("write the mode in octal, as install -m takes it: 644 or 0644", d.Help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("644")]
    [InlineData("0644")]
    [InlineData("\"0640\"")]
    [InlineData("0755")]
    [InlineData("4755")]
    [InlineData("600")]
    public void OctalRoleFileModesAreAccepted(string mode) =>
        TestSite.Minimal().File("z.yaml", $"roles: {{ web: {{ config: {{ files: [ {{ path: /etc/app.conf, template: templates/app.conf, mode: {mode} }} ] }} }} }}\n")
            .Compile(analyze: false).Diagnostics.None("EL2004");

    // 'ip -6 addr add' failed on a link with MTU 1000: IPv6 needs 1280 bytes (RFC 8200).
    [Theory]
    [InlineData("1000")]
    [InlineData("1279")]
    [InlineData("68")]
    public void AnIpv6NetworksMtuUnder1280IsAnErrorAtTheMtu(string mtu)
    {
        var d = TestSite.Minimal().File("z.yaml", $"networks: {{ dmz: {{ cidr: \"fd00:9::/64\", mtu: {mtu} }} }}\n").Compile(analyze: false).Diagnostics.Single("EL2004");
        Assert.Equal("z.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal(mtu, Under(d));
        Assert.Equal($"'networks.dmz.mtu': '{mtu}' is not an MTU an IPv6 network can have (fd00:9::/64 is IPv6): at least 1280", d.Message);
        Assert.StartsWith("write an MTU of at least 1280 (RFC 8200", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void MtusEachNetworkCanHaveAreAccepted() =>
        TestSite.Minimal().File("z.yaml", """
            networks:
              v6: { cidr: "fd00:9::/64", mtu: 1280 }
              jumbo6: { cidr: "fd00:a::/64", mtu: 9000 }
              v4: { cidr: 10.9.0.0/24, mtu: 1000 }
              small4: { cidr: 10.10.0.0/24, mtu: 68 }
            """).Compile(analyze: false).Diagnostics.None("EL2004");

    // Unbound read "*.corp" as a zone under a literal '*' label, and blocked nothing under corp.
    [Theory]
    [InlineData("\"*.corp\"", "*.corp", "'*' is not allowed in a DNS label")]
    [InlineData("\"corp lab\"", "corp lab", "' ' is not allowed in a DNS label")]
    [InlineData("corp_lab", "corp_lab", "'_' is not allowed in a DNS label")]
    [InlineData("lab..corp", "lab..corp", "empty label")]
    [InlineData("\"\"", "", "empty label")]
    [InlineData("Corp", "Corp", "lower case")]
    [InlineData("corp.", "corp.", "without its final dot")]
    [InlineData("-corp", "-corp", "starts or ends with '-'")]
    public void ABlockedNameThatIsNotADomainIsAnErrorAtTheEntry(string entry, string text, string why)
    {
        var d = TestSite.Minimal().File("elenta.yaml", $"site: mini\ndns: {{ blockOutgoing: [canon, {entry}] }}\n").Compile(analyze: false).Diagnostics.Single("EL2004");
        Assert.Equal("elenta.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal(entry, Under(d));
        Assert.Contains($"': '{text}' is not a domain name: ", d.Message, StringComparison.Ordinal);
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
        Assert.EndsWith("so corp, not *.corp", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockedTldsAndDomainsAreAccepted() =>
        TestSite.Minimal().File("elenta.yaml", "site: mini\ndns: { blockOutgoing: [canon, lan, home.arpa, corp.example, x-1] }\n")
            .Compile(analyze: false).Diagnostics.None("EL2004");

    [Fact]
    public void AServiceWhosePortAndProtocolDisagreeIsAnErrorAtTheProtocol()
    {
        var c = TestSite.Minimal().File("z.yaml", "roles: { r: { services: { s: { port: tcp/80, protocol: udp } } } }\n").Compile();
        var d = c.Diagnostics.Single("EL2004");
        Assert.Equal("udp", Under(d));
        Assert.Equal("write the port as udp/80, or leave protocol out", d.Help);
        TestSite.Minimal().File("z.yaml", "roles: { r: { services: { s: { port: udp/53, protocol: udp }, t: { port: 53, protocol: tcp } } } }\n").Compile().Diagnostics.None("EL2004");
    }

    // A udp/ metrics port was opened as UDP in the firewall, where Prometheus scrapes over TCP.
    [Theory]
    [InlineData("metrics: [ { port: udp/9100 } ]", "udp/9100", "Prometheus")]
    [InlineData("metrics: [ { port: tcp/9100-9101 } ]", "tcp/9100-9101", "Prometheus")]
    [InlineData("proxy: { www: { port: udp/8000 } }", "udp/8000", "nginx")]
    public void AnHttpEndpointOnAUdpPortOrARangeIsAnErrorAtThePort(string entry, string port, string why)
    {
        var d = TestSite.Minimal().File("z.yaml", $"roles: {{ web: {{ {entry} }} }}\n").Compile().Diagnostics.Single("EL2004");
        Assert.Equal(port, Under(d));
        Assert.Contains("is not one TCP port", d.Message, StringComparison.Ordinal);
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
        Assert.Equal($"write the port as {port[4..8]} or tcp/{port[4..8]}", d.Help);
    }

    [Fact]
    public void AMetricsOrProxiedPortGivenAsANumberOrTcpIsFine() =>
        TestSite.Minimal().File("z.yaml", "roles: { web: { metrics: [ { port: 9100 }, { port: tcp/9101 } ], proxy: { www: { port: tcp/8000 } }, services: { http: { clients: [lab] } } } }\n")
            .Compile().Diagnostics.None("EL2004");

    // IPv4 read as inet_aton reads it (010 octal, 0x0a hex) silently became another address.
    [Theory]
    [InlineData("cadaster: { compute: { gamma: { canon: { lab: { network: lab, ip: 010.0.0.10 } } } } }", "010.0.0.10", "write 10.0.0.10: four decimal numbers 0-255, no leading zeros")]
    [InlineData("cadaster: { compute: { gamma: { canon: { lab: { network: lab, ip: 10.0.000.010 } } } } }", "10.0.000.010", "write 10.0.0.10: four decimal numbers 0-255, no leading zeros")]
    [InlineData("cadaster: { compute: { gamma: { canon: { lab: { network: lab, ip: 0x0a.0.0.10 } } } } }", "0x0a.0.0.10", "four decimal numbers 0-255, no leading zeros, such as 10.0.0.10")]
    [InlineData("cadaster: { compute: { gamma: { canon: { lab: { network: lab, ip: 10.10 } } } } }", "10.10", "four decimal numbers 0-255, no leading zeros, such as 10.0.0.10")]
    [InlineData("networks: { dmz: { cidr: 10.9.0.0/24, gateway: 010.9.0.1 } }", "010.9.0.1", "write 10.9.0.1:")]
    [InlineData("dns: { forwarders: [\"9.9.9.09\"] }", "9.9.9.09", "write 9.9.9.9:")]
    [InlineData("networks: { dmz: { cidr: 010.9.0.0/24 } }", "010.9.0.0/24", "write 10.9.0.0/24:")]
    [InlineData("networks: { dmz: { cidr: \"10.9.0.0/ 24\" } }", "10.9.0.0/ 24", "write 10.9.0.0/24:")]
    [InlineData("networks: { dmz: { cidr: \"10.9.0.0/+24\" } }", "10.9.0.0/+24", "write 10.9.0.0/24:")]
    [InlineData("networks: { dmz: { cidr: 10.9.0.0/024 } }", "10.9.0.0/024", "write 10.9.0.0/24:")]
    [InlineData("networks: { dmz: { cidr: \"fd00:9::/064\" } }", "fd00:9::/064", "write fd00:9::/64: a slash and the prefix length in plain digits")]
    [InlineData("networks: { dmz: { cidr: 0x0a.9.0.0/24 } }", "0x0a.9.0.0/24", "a slash and a prefix length")]
    [InlineData("networks: { dmz: { cidr: 10.9.0.0/33 } }", "10.9.0.0/33", "a slash and a prefix length")]
    public void LenientIpv4IsAnErrorThatShowsTheDottedDecimalForm(string yaml, string text, string help)
    {
        var c = TestSite.Minimal().File("z.yaml", yaml + "\n").Compile(analyze: false);
        var d = c.Diagnostics.Single("EL2004");
        Assert.Equal("z.yaml", d.Location!.Value.File.Path.Split('/')[^1]);
        Assert.Equal(text, Under(d).Trim('"'));
        Assert.Contains(help, d.Help);
    }

    [Theory]
    [InlineData("networks: { dmz: { cidr: \"fd00:1::/64\", gateway: \"fd00:1::1\" } }")]
    [InlineData("networks: { dmz: { cidr: 10.9.0.0/24, gateway: 10.9.0.1, dns: [10.9.0.2, \"::ffff:10.9.0.3\"] } }")]
    [InlineData("networks: { dmz: { cidr: 0.0.0.0/0 } }")]
    public void StrictAddressesAreAccepted(string yaml) =>
        TestSite.Minimal().File("z.yaml", yaml + "\n").Compile(analyze: false).Diagnostics.None("EL2004");

    // Every MAC a site writes is a NIC's (a machine's interface, a BMC, a guest's NIC) and gets a DHCP reservation.
    [Theory]
    [InlineData("cadaster: { compute: { gamma: { interfaces: { eth0: { mac: \"ff:ff:ff:ff:ff:ff\" } } } } }", "ff:ff:ff:ff:ff:ff", "the broadcast address")]
    [InlineData("cadaster: { compute: { gamma: { interfaces: { eth0: { mac: \"01:00:5e:00:00:01\" } } } } }", "01:00:5e:00:00:01", "a multicast address")]
    [InlineData("cadaster: { compute: { gamma: { interfaces: { eth0: { mac: \"33-33-00-00-00-01\" } } } } }", "33-33-00-00-00-01", "a multicast address")]
    [InlineData("cadaster: { compute: { gamma: { interfaces: { eth0: { mac: \"00:00:00:00:00:00\" } } } } }", "00:00:00:00:00:00", "all zeros")]
    [InlineData("cadaster: { compute: { gamma: { bmc: { network: lab, ip: 10.0.0.50, mac: \"ff:ff:ff:ff:ff:ff\" } } } }", "ff:ff:ff:ff:ff:ff", "the broadcast address")]
    [InlineData("constellations: { app: { machines: { beta: { vms: { v: { role: web, mac: \"0000.0000.0000\" } } } } } }", "0000.0000.0000", "all zeros")]
    public void AMacThatNoNicCanHaveIsAnError(string yaml, string text, string why)
    {
        var c = TestSite.Minimal().File("z.yaml", yaml + "\n").Compile(analyze: false);
        var d = c.Diagnostics.Single("EL2004");
        Assert.Equal(text, Under(d).Trim('"'));
        Assert.Contains(why, d.Message);
        Assert.Contains("unicast", d.Help);
    }

    [Theory]
    [InlineData("02:00:00:00:00:09")]
    [InlineData("fe:ff:ff:ff:ff:ff")]
    [InlineData("00:00:00:00:00:01")]
    [InlineData("00:00:5e:00:01:01")]
    public void UnicastMacsAreAccepted(string mac) =>
        TestSite.Minimal().File("z.yaml", $"cadaster: {{ compute: {{ gamma: {{ interfaces: {{ eth0: {{ mac: \"{mac}\" }} }} }} }} }}\n")
            .Compile(analyze: false).Diagnostics.None("EL2004");

    [Fact]
    public void CidrWithHostBitsSuggestsTheNetwork()
    {
        var c = TestSite.Minimal().File("z.yaml", "networks: { dmz: { cidr: 10.9.0.5/24 } }\n").Compile();
        Assert.Contains("10.9.0.0/24", c.Diagnostics.Single("EL2004").Help);
    }

    [Fact]
    public void EnumValueSuggestion()
    {
        var c = TestSite.Minimal().File("z.yaml", "cadaster: { compute: { alpha: { boot: { mode: netbot } } } }\n").Compile();
        Assert.Contains("'netboot'", c.Diagnostics.Single("EL2004").Help);
    }

    [Theory]
    [InlineData("cadaster: { compute: { alpha: { canon: { dmz: { network: lba, ip: 10.0.0.9 } } } } }", "network", "lab")]
    [InlineData("cadaster: { storage: { disks: { d1: { wwn: \"0x5000c500a1b2c3d4\", host: alhpa } } } }", "host", "alpha")]
    [InlineData("constellations: { app: { machines: { gama: { hostConfig: { x: { role: web } } } } } }", "host", null)]
    [InlineData("constellations: { app: { machines: { beta: { hostConfig: { x: { role: wbe } } } } } }", "role", "web")]
    [InlineData("cadaster: { compute: { alpha: { interfaces: { eth1: { link: \"sw:1\" } } } } }", "switch", null)]
    [InlineData("cadaster: { compute: { alpha: { rack: { name: r1, unit: 3 } } } }", "rack", null)]
    [InlineData("cadaster: { compute: { alpha: { canon: { lab2: { network: lab, ip: 10.0.0.9, interface: eht0 } } } } }", "interface", "eth0")]
    [InlineData("domains: { example.test: { nameservers: [alpah] } }", "host", "alpha")]
    public void DanglingReferencesAreReportedWithSuggestions(string yaml, string kind, string? suggestion)
    {
        var c = TestSite.Minimal().File("z.yaml", yaml + "\n").Compile();
        var d = c.Diagnostics.Single("EL2005");
        Assert.Contains($"unknown {kind}", d.Message);
        if (suggestion is null)
        {
            Assert.DoesNotContain("did you mean", d.Message);
        }
        else
        {
            Assert.Contains($"did you mean '{suggestion}'?", d.Message);
        }

        Assert.EndsWith("z.yaml", d.Location!.Value.File.Path);
    }

    [Fact]
    public void ExtraOptsMustBeDeclared()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", "constellations: { app: { machines: { beta: { vms: { db2: { role: database, extraOpts: { mdoe: secondary } } } } } } }\n")
            .Compile();
        var d = c.Diagnostics.Single("EL2006");
        Assert.Contains("did you mean 'mode'?", d.Message);
        Assert.Equal("mdoe", Under(d));
    }

    [Fact]
    public void ExtraOptsMustHaveTheDeclaredType()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", "constellations: { app: { machines: { beta: { vms: { db2: { role: database, extraOpts: { mode: primray } } } } } } }\n")
            .Compile();
        var d = c.Diagnostics.Single("EL2007");
        Assert.Contains("one of primary, secondary", d.Message);
        Assert.Contains("did you mean 'primary'?", d.Message);
        Assert.Equal("primray", Under(d));
    }

    [Fact]
    public void OptionTypesAreChecked()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", """
                roles:
                  tuned:
                    options:
                      workers: { type: int, default: 4 }
                      verbose: { type: bool }
                      cache: { type: size, default: 1GiB }
                constellations: { app: { machines: { beta: { hostConfig: { t: { role: tuned, extraOpts: { workers: "many", verbose: yes } } } } } } }
                """)
            .Compile();
        Assert.Equal(2, c.Diagnostics.Count(d => d.Code == "EL2007"));
    }

    [Fact]
    public void InvalidHostNames()
    {
        var c = TestSite.Minimal().File("z.yaml", "cadaster: { compute: { bad_name: { hardware: { cpus: 1 } } } }\n").Compile();
        Assert.Contains("'_'", c.Diagnostics.Single("EL2008").Message);
    }

    [Fact]
    public void CanonNamesAsPlacementKeys()
    {
        var c = TestSite.Minimal().File("z.yaml", "constellations: { app: { machines: { beta.canon: { hostConfig: { w2: { role: web } } } } } }\n").Compile();
        c.Diagnostics.Clean();
        Assert.Equal("beta", c.Site!.Constellations["app"]!.Machines["beta.canon"]!.Host);
    }

    [Fact]
    public void TheModelIsTyped()
    {
        var site = TestSite.Minimal().Compile().Site!;
        var alpha = site.Cadaster.Hosts["alpha"]!;
        Assert.Equal(8, alpha.Hardware.Cpus);
        Assert.Equal("02:00:00:00:00:01", alpha.Interfaces["eth0"]!.Mac.ToString());
        Assert.Equal("10.0.0.2", alpha.Canon["lab"]!.Ip.ToString());
        Assert.Equal("10.0.0.0/24", site.Networks["lab"]!.Cidr.ToString());
        var db = site.Constellations["app"]!.Machines["alpha"]!.Vms["db"]!;
        Assert.Equal(InstanceKind.Vm, db.Kind);
        Assert.Equal("primary", db.ExtraOpts["mode"]);
    }
}
