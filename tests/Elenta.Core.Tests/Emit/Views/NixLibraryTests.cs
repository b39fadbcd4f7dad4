using System.Text;
using System.Text.Json.Nodes;

namespace Elenta.Core.Tests.Emit.Views;

/// <summary>
/// nix/default.nix, evaluated by nix-instantiate (no daemon, no nixpkgs, a throwaway state
/// directory), turns every view of emerald-city and of the wiring site into the NixOS option values
/// that docs/views.md promises: compared with what this test derives from the same view JSON, and,
/// for the tricky cases (bond, VLAN on the bond, bridge, multi-homed, MTU, IPv6, a guest), with
/// values written out by hand. The input rules it makes load into nftables.
/// </summary>
public sealed class NixLibraryTests : IDisposable
{
    private static readonly string Library = Path.Combine(ExampleSites.RepoRoot, "nix");
    private readonly string root = Directory.CreateTempSubdirectory("elenta-nixlib-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>nix-instantiate --eval --strict --json on an expression, with a state directory of its own (no daemon, nothing written to /nix).</summary>
    private ExternalTool.Result Eval(string expression) => ExternalTool.Run("nix-instantiate",
        ["--eval", "--strict", "--json", "--readonly-mode", "--option", "build-users-group", "", "--expr", expression], root,
        new Dictionary<string, string> { ["NIX_STATE_DIR"] = Path.Combine(root, "state"), ["NIX_REMOTE"] = "", ["HOME"] = root });

    /// <summary>Every view through <c>nixosOptions</c>, in one evaluation: machine name to option values.</summary>
    private JsonObject Options(IReadOnlyDictionary<string, JsonObject> views)
    {
        var attrs = new StringBuilder();
        foreach (var (name, view) in views)
        {
            File.WriteAllText(Path.Combine(root, name + ".json"), view.ToJsonString());
            attrs.Append($" \"{name}\" = e.nixosOptions (e.readView ./{name}.json);");
        }

        var result = Eval($"let e = import {Library}; in {{{attrs} }}");
        result.AssertOk("nix-instantiate");
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }

    public static TheoryData<string> Sites => ["emerald-city", "wiring"];

    [Theory]
    [MemberData(nameof(Sites))]
    public void EveryViewBecomesTheOptionValuesTheDocsDescribe(string site)
    {
        var views = site == "wiring" ? ViewSites.WiringViews() : ViewSites.EmeraldCity();
        var options = Options(views);
        Assert.Equal(views.Keys.Order(StringComparer.Ordinal), options.Select(o => o.Key).Order(StringComparer.Ordinal));
        foreach (var (name, view) in views)
        {
            var expected = Expected(view);
            Assert.True(JsonNode.DeepEquals(expected, options[name]), $"{site}/{name}:\nexpected {expected.ToJsonString()}\nactual   {options[name]!.ToJsonString()}");
        }
    }

    [Fact]
    public void ABondWithAVlanABridgeAndFourNetworksBecomeWhatNixosNeeds()
    {
        var multi = Options(ViewSites.WiringViews())["multi"]!;
        var net = multi["networking"]!;
        Assert.Equal("0a0b0c0d", net["hostId"]!.GetValue<string>());
        Assert.Equal("multi", net["hostName"]!.GetValue<string>());
        Same("""{ "bond0": { "interfaces": ["eno1", "eno2"], "driverOptions": { "miimon": "100", "mode": "active-backup" } } }""", net["bonds"]);
        Same("""{ "vlan20": { "id": 20, "interface": "bond0" } }""", net["vlans"]);
        Same("""{ "br-dmz": { "interfaces": ["eno3"] } }""", net["bridges"]);
        // The address given on the bridged eno3 sits on the bridge; the storage network's MTU 9000 is
        // on its VLAN and on everything under it (the bond and its members).
        Same("""
            {
              "bond0": { "ipv4": { "addresses": [ { "address": "10.1.0.10", "prefixLength": 24 } ] }, "ipv6": { "addresses": [] }, "mtu": 9000 },
              "vlan20": { "ipv4": { "addresses": [ { "address": "10.2.0.10", "prefixLength": 24 } ] }, "ipv6": { "addresses": [] }, "mtu": 9000 },
              "eno1": { "ipv4": { "addresses": [] }, "ipv6": { "addresses": [] }, "mtu": 9000 },
              "eno2": { "ipv4": { "addresses": [] }, "ipv6": { "addresses": [] }, "mtu": 9000 },
              "br-dmz": { "ipv4": { "addresses": [ { "address": "10.3.0.10", "prefixLength": 24 } ] }, "ipv6": { "addresses": [ { "address": "fd00:6::10", "prefixLength": 64 } ] } }
            }
            """, net["interfaces"]);
        // Multi-homed: the default route is the primary network's (dmz), its resolvers come first.
        Same("""{ "address": "10.3.0.1", "interface": "br-dmz" }""", net["defaultGateway"]);
        Same("""["10.3.0.2", "10.1.0.2", "10.1.0.3"]""", net["nameservers"]);
        Same("""["lan.test", "storage.test"]""", net["search"]);
        var rules = net["firewall"]!["extraInputRules"]!.GetValue<string>().Split('\n');
        // The wiring site has no firewall section: SSH from any source, on the machine's own port.
        Assert.Contains("tcp dport 2222 accept comment \"ssh from any source: the site sets no firewall.management\"", rules);
        // A service on two families: one statement each, from its clients to the addresses it listens on.
        Assert.Contains("ip saddr { 10.3.0.0/24 } ip daddr { 10.3.0.10 } udp dport 27000-27010 accept comment \"games udp/27000-27010 of role store for dmz, v6\"", rules);
        Assert.Contains("ip6 saddr { fd00:6::/64 } ip6 daddr { fd00:6::10 } udp dport 27000-27010 accept comment \"games udp/27000-27010 of role store for dmz, v6\"", rules);
        Same("""
            {
              "/var/lib/pg": { "device": "data/pg", "fsType": "zfs", "options": ["defaults"] },
              "/srv/shared": { "device": "/data/shared", "fsType": "none", "options": ["bind"] },
              "/scratch": { "device": "/dev/disk/by-label/scratch", "fsType": "auto", "options": ["defaults"] }
            }
            """, multi["fileSystems"]);
        Same("""{ "supportedFilesystems": ["zfs"], "zfs": { "extraPools": ["data"] } }""", multi["boot"]);
        var exports = multi["services"]!["nfs"]!["server"]!;
        Assert.True(exports["enable"]!.GetValue<bool>());
        // For the role's client networks; web mounts it from its dmz address, a client network already.
        Assert.Equal("/data/shared 10.2.0.0/24(rw,sync,no_subtree_check) 10.3.0.0/24(rw,sync,no_subtree_check) fd00:6::/64(rw,sync,no_subtree_check)\n",
            exports["exports"]!.GetValue<string>());
    }

    [Fact]
    public void AGuestKeepsTheKernelsNameForItsOneNicAndMountsOverNfs()
    {
        var web = Options(ViewSites.WiringViews())["web"]!;
        var net = web["networking"]!;
        Assert.False(net["usePredictableInterfaceNames"]!.GetValue<bool>());
        Same("""{ "eth0": { "ipv4": { "addresses": [ { "address": "10.3.0.20", "prefixLength": 24 } ] }, "ipv6": { "addresses": [] } } }""", net["interfaces"]);
        Same("""{ "address": "10.3.0.1", "interface": "eth0" }""", net["defaultGateway"]);
        Same("""{ "/shared": { "device": "multi.canon:/data/shared", "fsType": "nfs", "options": ["defaults"] } }""", web["fileSystems"]);
        Same("""{ "supportedFilesystems": ["nfs"], "zfs": { "extraPools": [] } }""", web["boot"]);
        Assert.StartsWith("tcp dport 2200 accept", net["firewall"]!["extraInputRules"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void EmeraldCitysTrickyMachines()
    {
        var options = Options(ViewSites.EmeraldCity());
        // ifrit is the gateway of both its networks: no default route of its own; it serves DHCP on both.
        var ifrit = options["ifrit"]!["networking"]!;
        Assert.Null(ifrit["defaultGateway"]);
        Assert.Equal(["enp1s0", "enp2s0"], ifrit["interfaces"]!.AsObject().Select(i => i.Key).Order(StringComparer.Ordinal));
        var ifritRules = ifrit["firewall"]!["extraInputRules"]!.GetValue<string>();
        Assert.Contains("iifname { \"enp1s0\" } udp dport 67 accept comment \"DHCP server of network kansas\"", ifritRules, StringComparison.Ordinal);
        // ...is KANSAS's resolver and a name server: the same openings as its nftables file.
        Assert.Contains("ip saddr { 192.168.1.0/24 } ip daddr { 192.168.1.1 } udp dport 53 accept comment \"resolver of network kansas\"", ifritRules, StringComparison.Ordinal);
        Assert.Contains("ip saddr { 10.255.0.1/32, 10.255.0.10/32, 10.255.0.53/32, 192.168.1.1/32 } ip daddr { 10.255.0.1 } tcp dport 53 accept comment \"NSD of name server ifrit", ifritRules, StringComparison.Ordinal);
        // toto: the alias's address is a second address on enp2s0.
        Same("""[ { "address": "10.255.0.10", "prefixLength": 16 }, { "address": "10.255.0.53", "prefixLength": 16 } ]""", options["toto"]!["networking"]!["interfaces"]!["enp2s0"]!["ipv4"]!["addresses"]);
        // btg: eno1 is a port of br-condorcet, which holds the address; dragon-of-perdition: the bond holds it.
        Same("""{ "br-condorcet": { "interfaces": ["eno1"] } }""", options["btg"]!["networking"]!["bridges"]);
        Assert.Equal("br-condorcet", options["btg"]!["networking"]!["defaultGateway"]!["interface"]!.GetValue<string>());
        Same("""{ "bond0": { "interfaces": ["eno1", "eno2", "eno3", "eno4"], "driverOptions": { "miimon": "100", "mode": "802.3ad" } } }""", options["dragon-of-perdition"]!["networking"]!["bonds"]);
        // randy mounts nancy's backups over NFS; nancy imports its pool and exports to the lab.
        Same("""{ "/mnt/backups": { "device": "nancy.canon:/srv/backups", "fsType": "nfs", "options": ["defaults"] } }""", options["randy"]!["fileSystems"]);
        Same("""["vault"]""", options["nancy"]!["boot"]!["zfs"]!["extraPools"]);
        Assert.Contains("/srv/backups 10.255.0.0/16(rw,sync,no_subtree_check)\n", options["nancy"]!["services"]!["nfs"]!["server"]!["exports"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void AViewOfAnotherSchemaVersionIsRefused()
    {
        var view = ViewSites.EmeraldCity()["toto"].DeepClone().AsObject();
        view["schemaVersion"] = 2;
        File.WriteAllText(Path.Combine(root, "future.json"), view.ToJsonString());
        var result = Eval($"(import {Library}).nixosOptions ((import {Library}).readView ./future.json)");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("view 'toto' has schemaVersion 2; this library reads 1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheInputRulesLoadIntoNftables()
    {
        var options = Options(ViewSites.EmeraldCity().Concat(ViewSites.WiringViews()).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));
        foreach (var (name, o) in options)
        {
            var rules = o!["networking"]!["firewall"]!["extraInputRules"]!.GetValue<string>();
            var file = Path.Combine(root, name + ".nft");
            File.WriteAllText(file, $"table inet elenta_view_check {{\n  chain input {{\n    type filter hook input priority 0; policy drop;\n{rules}\n  }}\n}}\n");
            // nft -c checks against the kernel without committing; in a network namespace of its own, gone when it exits.
            var check = ExternalTool.Run("unshare", ["--net", "nft", "-c", "-f", file], root);
            Assert.True(check.ExitCode == 0, $"{name}: {check}\n{File.ReadAllText(file)}");
        }
    }

    private static void Same(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {JsonNode.Parse(expected)!.ToJsonString()}\nactual   {actual?.ToJsonString()}");

    /// <summary>The option values docs/views.md says a view becomes, derived here from the view JSON on its own.</summary>
    private static JsonObject Expected(JsonObject view)
    {
        var networking = view["networking"]!.AsObject();
        var interfaces = networking["interfaces"]!.AsObject();
        JsonObject Where(string kind, Func<JsonObject, JsonNode> value) => new(interfaces
            .Where(i => i.Value!["kind"]!.GetValue<string>() == kind)
            .Select(i => KeyValuePair.Create(i.Key, (JsonNode?)value(i.Value!.AsObject()))));
        JsonArray Addresses(JsonObject i, string family) => new([.. i["addresses"]!.AsArray()
            .Where(a => a!["family"]!.GetValue<string>() == family)
            .Select(a => (JsonNode?)new JsonObject { ["address"] = a!["address"]!.DeepClone(), ["prefixLength"] = a["prefixLength"]!.DeepClone() })]);

        var nixInterfaces = new JsonObject();
        foreach (var (name, node) in interfaces)
        {
            var i = node!.AsObject();
            if (i["addresses"]!.AsArray().Count == 0 && i["mtu"] is null)
            {
                continue;
            }

            var entry = new JsonObject { ["ipv4"] = new JsonObject { ["addresses"] = Addresses(i, "ipv4") }, ["ipv6"] = new JsonObject { ["addresses"] = Addresses(i, "ipv6") } };
            if (i["mtu"] is { } mtu)
            {
                entry["mtu"] = mtu.DeepClone();
            }

            nixInterfaces[name] = entry;
        }

        var rules = new List<string>();
        foreach (var rule in view["firewall"]!["input"]!["rules"]!.AsArray())
        {
            var ifs = rule!["interfaces"]!.AsArray().Select(x => $"\"{x}\"").ToList();
            var iif = ifs.Count == 0 ? string.Empty : $"iifname {{ {string.Join(", ", ifs)} }} ";
            var (from, to) = (rule["port"]!.GetValue<int>(), rule["portTo"]!.GetValue<int>());
            var tail = $"{rule["protocol"]} dport {(from == to ? $"{from}" : $"{from}-{to}")} accept comment \"{rule["comment"]!.GetValue<string>().Replace('"', '\'').Replace('\\', '/')}\"";
            var sources = rule["sources"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
            var destinations = rule["destinations"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
            if (sources.Count == 0 && destinations.Count == 0)
            {
                rules.Add(iif + tail);
                continue;
            }

            foreach (var (family, v6) in new[] { ("ip", false), ("ip6", true) })
            {
                var src = sources.Where(x => x.Contains(':') == v6).ToList();
                var dst = destinations.Where(x => x.Contains(':') == v6).ToList();
                if ((sources.Count > 0 && src.Count == 0) || (destinations.Count > 0 && dst.Count == 0))
                {
                    continue;
                }

                var saddr = src.Count == 0 ? string.Empty : $"{family} saddr {{ {string.Join(", ", src)} }} ";
                var daddr = dst.Count == 0 ? string.Empty : $"{family} daddr {{ {string.Join(", ", dst)} }} ";
                rules.Add($"{iif}{saddr}{daddr}{tail}");
            }
        }

        var nixNetworking = new JsonObject
        {
            ["hostName"] = view["name"]!.DeepClone(),
            ["hostId"] = view["hostId"]!.DeepClone(),
            ["useDHCP"] = false,
            ["usePredictableInterfaceNames"] = networking["predictableInterfaceNames"]!.DeepClone(),
            ["interfaces"] = nixInterfaces,
            ["bonds"] = Where("bond", i =>
            {
                var driver = new JsonObject { ["miimon"] = "100" };
                if (i["bondMode"] is { } mode)
                {
                    driver["mode"] = mode.DeepClone();
                }

                return new JsonObject { ["interfaces"] = i["members"]!.DeepClone(), ["driverOptions"] = driver };
            }),
            ["vlans"] = Where("vlan", i => new JsonObject { ["id"] = i["vlan"]!.DeepClone(), ["interface"] = i["parent"]!.DeepClone() }),
            ["bridges"] = Where("bridge", i => new JsonObject { ["interfaces"] = i["members"]!.DeepClone() }),
            ["nameservers"] = networking["nameservers"]!.DeepClone(),
            ["search"] = networking["search"]!.DeepClone(),
            ["nftables"] = new JsonObject { ["enable"] = true },
            ["firewall"] = new JsonObject
            {
                ["enable"] = view["firewall"]!["input"]!["policy"]!.GetValue<string>() == "drop",
                ["allowedTCPPorts"] = new JsonArray(),
                ["allowedUDPPorts"] = new JsonArray(),
                ["extraInputRules"] = string.Join("\n", rules),
            },
        };
        if (networking["defaultGateway"] is JsonObject gateway)
        {
            var g = new JsonObject { ["address"] = gateway["address"]!.DeepClone() };
            if (gateway["interface"] is { } i)
            {
                g["interface"] = i.DeepClone();
            }

            nixNetworking["defaultGateway"] = g;
        }

        var mounts = view["mounts"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var fileSystems = new JsonObject();
        foreach (var m in mounts.Where(m => !m["automount"]!.GetValue<bool>() && m["device"] is not null && m["fsType"] is not null))
        {
            var opts = m["options"]!.AsArray();
            fileSystems[m["path"]!.GetValue<string>()] = new JsonObject
            {
                ["device"] = m["device"]!.DeepClone(),
                ["fsType"] = m["fsType"]!.DeepClone(),
                ["options"] = opts.Count == 0 ? new JsonArray("defaults") : opts.DeepClone(),
            };
        }

        var zfsPools = view["pools"]!.AsArray().Where(p => p!["type"]!.GetValue<string>() == "zfs").Select(p => p!["name"]!.DeepClone()).ToArray();
        var usesZfs = zfsPools.Length > 0 || mounts.Any(m => m["fsType"]?.GetValue<string>() == "zfs");
        var usesNfs = mounts.Any(m => m["fsType"]?.GetValue<string>() == "nfs");
        var exports = view["exports"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var exportText = string.Concat(exports.Where(e => e["clients"]!.AsArray().Count > 0)
            .Select(e => $"{e["path"]} {string.Join(' ', e["clients"]!.AsArray().Select(c => $"{c}(rw,sync,no_subtree_check)"))}\n"));
        return new JsonObject
        {
            ["networking"] = nixNetworking,
            ["fileSystems"] = fileSystems,
            ["boot"] = new JsonObject
            {
                ["supportedFilesystems"] = new JsonArray([.. (usesZfs ? new[] { "zfs" } : []).Concat(usesNfs ? ["nfs"] : []).Select(s => (JsonNode?)s)]),
                ["zfs"] = new JsonObject { ["extraPools"] = new JsonArray(zfsPools) },
            },
            ["services"] = new JsonObject { ["nfs"] = new JsonObject { ["server"] = new JsonObject { ["enable"] = exports.Count > 0, ["exports"] = exportText } } },
        };
    }
}
