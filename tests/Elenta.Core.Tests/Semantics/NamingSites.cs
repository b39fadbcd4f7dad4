namespace Elenta.Core.Tests.Semantics;

/// <summary>The minimal site grown to have every kind of name: a host whose primary address is not its first (home, after lab), a BMC, guests with and without an address, a switch, proxied subdomains.</summary>
public static class NamingSites
{
    public static TestSite EveryKindOfName() => TestSite.Minimal()
        .File("elenta.yaml", "site: names\ncanonDomain: canon\ndns: { servers: [alpha] }\n")
        .File("networks.yaml", """
            networks:
              lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2], dhcp: { from: 10.0.0.100, to: 10.0.0.199 } }
              home: { cidr: 192.168.7.0/24, gateway: 192.168.7.1 }
            """)
        .File("second-network.yaml", """
            cadaster:
              compute:
                alpha:
                  interfaces: { eth1: { mac: "02:00:00:00:00:11" } }
                  canon: { home: { ip: 192.168.7.2, interface: eth1, primary: true } }
                  bmc: { name: ipmi, network: lab, ip: 10.0.0.40, mac: "02:00:00:00:00:41" }
              network:
                switches:
                  sw-a: { ports: 8, management: { network: lab, ip: 10.0.0.250 } }
            """)
        .File("more-roles.yaml", """
            roles:
              web: { proxy: { shop: { port: 8080 } }, services: { http: { clients: [lab] } } }
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
