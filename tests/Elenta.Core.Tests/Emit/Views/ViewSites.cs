using System.Text.Json.Nodes;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Views;

namespace Elenta.Core.Tests.Emit.Views;

/// <summary>
/// The sites whose views the view tests read: emerald-city, and "wiring", a small site with what
/// emerald-city lacks: a VLAN on a bond, an MTU raised through the VLAN to the bond and its members,
/// a multi-homed host whose primary network is bridged, IPv6, a legacy ZFS dataset, a bind mount,
/// a device mount, a port range and a guest with an SSH port of its own.
/// </summary>
public static class ViewSites
{
    public static TestSite Wiring() => TestSite.Create()
        .File("elenta.yaml", "site: wiring\ncanonDomain: canon\n")
        .File("networks.yaml", """
            networks:
              lan: { cidr: 10.1.0.0/24, gateway: 10.1.0.1, dns: [10.1.0.2, 10.1.0.3], domain: lan.test, vlan: 10 }
              storage: { cidr: 10.2.0.0/24, vlan: 20, mtu: 9000, domain: storage.test }
              dmz: { cidr: 10.3.0.0/24, gateway: 10.3.0.1, dns: [10.3.0.2] }
              v6: { cidr: "fd00:6::/64", gateway: "fd00:6::1" }
            """)
        .File("hosts.yaml", """
            cadaster:
              compute:
                multi:
                  hostId: "0A0B0C0D"
                  hardware: { cpus: 16, memory: 64GiB, disk: 2TB }
                  interfaces:
                    eno1: { mac: "02:00:00:00:00:11" }
                    eno2: { mac: "02:00:00:00:00:12" }
                    bond0: { bond: [eno1, eno2], mode: active-backup }
                    vlan20: { vlan: 20, parent: bond0 }
                    eno3: { mac: "02:00:00:00:00:13", bridge: br-dmz }
                  canon:
                    lan: { ip: 10.1.0.10, interface: bond0 }
                    storage: { ip: 10.2.0.10, interface: vlan20 }
                    dmz: { ip: 10.3.0.10, interface: eno3, primary: true }
                    v6: { ip: "fd00:6::10", interface: eno3 }
                  ssh: { port: 2222 }
                router:
                  hardware: { cpus: 2, memory: 4GiB, disk: 64GB }
                  interfaces:
                    eth0: { mac: "02:00:00:00:00:21" }
                  canon:
                    dmz: { ip: 10.3.0.1, interface: eth0 }
              storage:
                disks:
                  m1: { wwn: "0x5000c500a1b2c3f1", host: multi }
                  m2: { wwn: "0x5000c500a1b2c3f2", host: multi }
                pools:
                  data:
                    host: multi
                    type: zfs
                    layout: mirror
                    disks: [m1, m2]
                    datasets:
                      pg: { mountpoint: legacy }
                      shared: { mountpoint: /data/shared, options: { recordsize: 1M } }
            """)
        .File("roles.yaml", """
            roles:
              store:
                services:
                  nfs: { port: tcp/2049, clients: [storage] }
                  games: { port: udp/27000-27010, clients: [dmz, v6], networks: [dmz, v6] }
                mounts:
                  - { path: /var/lib/pg, dataset: data/pg }
                  - { path: /srv/shared, dataset: data/shared }
                  - { path: /data/shared, dataset: data/shared, export: true }
                  - { path: /scratch, source: /dev/disk/by-label/scratch }
              app:
                resources: { cpus: 2, memory: 4GiB, disk: 20GiB }
                services: { http: { port: tcp/8080, clients: [lan] } }
                mounts:
                  - { path: /shared, dataset: data/shared }
            """)
        .File("constellations.yaml", """
            constellations:
              wiring:
                machines:
                  multi:
                    hostConfig: { store: { role: store } }
                    vms:
                      web: { role: app, address: { network: dmz, ip: 10.3.0.20 }, mac: "02:00:00:00:01:01", ssh: { port: 2200 } }
            """);

    /// <summary>Every machine view (views/NAME.json, not the constellation directories) of a site, by machine.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Views(EmitContext context) =>
        EmitterRuns.RunClean(new ViewsEmitter(), context)
            .Where(a => a.Path.Count(c => c == '/') == 1)
            .ToDictionary(a => Path.GetFileNameWithoutExtension(a.Path), a => JsonNode.Parse(a.Content)!.AsObject(), StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, JsonObject> EmeraldCity() => Views(ExampleSites.SharedEmitContext("emerald-city"));

    public static IReadOnlyDictionary<string, JsonObject> WiringViews()
    {
        var compilation = Wiring().Compile();
        Assert.True(compilation.Diagnostics.All(d => !d.IsError), DiagnosticAssertions.Describe(compilation.Diagnostics));
        return Views(EmitContext.ForTests(compilation.Resolved!, ExampleSites.Today));
    }

    public static IEnumerable<(string Site, string Machine, JsonObject View)> All() =>
        EmeraldCity().Select(v => ("emerald-city", v.Key, v.Value)).Concat(WiringViews().Select(v => ("wiring", v.Key, v.Value)));
}
