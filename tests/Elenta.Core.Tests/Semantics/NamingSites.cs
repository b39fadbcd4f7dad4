namespace Elenta.Core.Tests.Semantics;

/// <summary>The minimal site grown to have every kind of name: a host whose primary address is not its first, a BMC, guests with and without an address, a switch, proxied subdomains.</summary>
public static class NamingSites
{
    public static TestSite EveryKindOfName() => TestSite.Minimal()
        .File("elenta.yaml", "site: names\ncanonDomain: canon\ndns: { servers: [alpha] }\n")
        .File("networks.yaml", """
            networks:
              lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2], dhcp: { from: 10.0.0.100, to: 10.0.0.199 } }
              home: { cidr: 192.168.7.0/24, gateway: 192.168.7.1 }
            """)
        .File("hosts.yaml", """
            cadaster:
              compute:
                alpha:
                  hardware: { cpus: 8, memory: 32GiB, disk: 1TB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:01" }, eth1: { mac: "02:00:00:00:00:11" } }
                  canon:
                    home: { ip: 192.168.7.2, interface: eth1 }
                    lab: { ip: 10.0.0.2, interface: eth0, primary: true }
                  bmc: { name: ipmi, network: lab, ip: 10.0.0.40, mac: "02:00:00:00:00:41" }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKkjnJ2ojO9MAGp7q1vSAS0TvmXVNRutjsNhE3DS0h7u" }
                beta:
                  hardware: { cpus: 4, memory: 8GiB, disk: 500GB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:02" } }
                  canon: { lab: { ip: 10.0.0.3, interface: eth0 } }
                  ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ" }
              network:
                switches:
                  sw-a: { ports: 8, management: { network: lab, ip: 10.0.0.250 } }
            """)
        .File("more-roles.yaml", """
            roles:
              web: { proxy: { shop: { port: 8080 } } }
              cache: { resources: { cpus: 1, memory: 1GiB, disk: 1GiB } }
            """)
        .File("domains.yaml", """
            domains:
              example.test: { nameservers: [alpha], records: { mail: { A: 10.0.0.3 } } }
            """)
        .File("more-guests.yaml", """
            constellations:
              app: { machines: { alpha: { containers: { memo: { role: cache } } } } }
            """);
}
