using Elenta.Core.Emit;
using Elenta.Core.Emit.Firewall;

namespace Elenta.Core.Tests.Emit.Firewall;

/// <summary>
/// The generated rulesets loaded into namespaces this test creates: two client networks (office,
/// guests), a firewall namespace routing between them and a server network, and a server. Real
/// TCP connections show what gets through, and the counters which chain dropped the rest.
/// </summary>
public class FirewallLiveTests
{
    internal static TestSite Site() => TestSite.Create()
        .File("elenta.yaml", """
            site: live
            canonDomain: canon
            analysis: { rules: { EL8005: warning } }   # the guests' cut-off http is the point of the test
            firewall: { management: [office] }
            """)
        .File("networks.yaml", """
            networks:
              office: { cidr: 10.1.0.0/24, gateway: 10.1.0.1 }
              guests: { cidr: 10.2.0.0/24, gateway: 10.2.0.1 }
              servers: { cidr: 10.3.0.0/24, gateway: 10.3.0.1 }
            """)
        .File("hosts.yaml", """
            cadaster:
              compute:
                gw:
                  interfaces: { office0: { mac: "02:00:00:00:01:01" }, guests0: { mac: "02:00:00:00:01:02" }, srv0: { mac: "02:00:00:00:01:03" } }
                  canon:
                    office: { ip: 10.1.0.1, interface: office0 }
                    guests: { ip: 10.2.0.1, interface: guests0 }
                    servers: { ip: 10.3.0.1, interface: srv0, primary: true }
                web:
                  interfaces: { eth0: { mac: "02:00:00:00:02:01" } }
                  canon: { servers: { ip: 10.3.0.10, interface: eth0 } }
              network:
                firewalls:
                  gw:
                    host: gw
                    default: deny
                    zones: { office: [office], guests: [guests], servers: [servers] }
                    rules:
                      - { from: office, to: servers, allow: [tcp/80, tcp/8080, tcp/22] }
                      - { from: guests, to: servers, allow: [tcp/8080] }
            """)
        .File("roles.yaml", """
            roles:
              web:
                services:
                  http: { port: tcp/80, clients: [office, guests] }
                  api: { port: tcp/8080, clients: [office] }
            constellations:
              c: { machines: { web: { hostConfig: { www: { role: web } } } } }
            """);

    [Fact]
    public void AnAllowedClientConnectsAndABlockedOneIsDropped()
    {
        if (!NetnsLab.Available)
        {
            return; // network namespaces need root
        }

        var compilation = Site().Compile();
        // The analysis says the guests cannot reach http: the firewall must agree.
        var cut = compilation.Diagnostics.Single("EL8005");
        Assert.Contains("network 'guests'", cut.Message);
        var artifacts = EmitterRuns.Run(new FirewallEmitter(), compilation).Artifacts;

        using var lab = new NetnsLab();
        foreach (var machine in new[] { "gw", "web", "office", "guest" })
        {
            lab.Add(machine);
        }

        lab.Cable("office", "eth0", ["10.1.0.50/24"], "gw", "office0", ["10.1.0.1/24"]);
        lab.Cable("guest", "eth0", ["10.2.0.50/24"], "gw", "guests0", ["10.2.0.1/24"]);
        lab.Cable("web", "eth0", ["10.3.0.10/24"], "gw", "srv0", ["10.3.0.1/24"]);
        lab.Route("office", "10.1.0.1");
        lab.Route("guest", "10.2.0.1");
        lab.Route("web", "10.3.0.1");
        lab.Forwarding("gw");
        lab.LoadRuleset("gw", artifacts.Text(FirewallEmitter.OutputPath("gw")));
        lab.LoadRuleset("web", artifacts.Text(FirewallEmitter.OutputPath("web")));
        lab.Listen("web", ["tcp:80", "tcp:8080", "tcp:22", "tcp:9999"]);

        var fromOffice = lab.Probe("office", ["tcp:10.3.0.10:80", "tcp:10.3.0.10:8080", "tcp:10.3.0.10:22", "tcp:10.3.0.10:9999"]);
        Assert.Equal("open", fromOffice["tcp:10.3.0.10:80"]);
        Assert.Equal("open", fromOffice["tcp:10.3.0.10:8080"]);
        Assert.Equal("open", fromOffice["tcp:10.3.0.10:22"]); // SSH from firewall.management
        Assert.Equal("dropped", fromOffice["tcp:10.3.0.10:9999"]); // listening, but no service opens it

        var defaultBefore = lab.Counted("gw", "forward", "default: deny");
        var inputBefore = lab.Counted("web", "input", "everything else");
        var fromGuests = lab.Probe("guest", ["tcp:10.3.0.10:80"]);
        Assert.Equal("dropped", fromGuests["tcp:10.3.0.10:80"]);
        Assert.True(lab.Counted("gw", "forward", "default: deny") > defaultBefore, "the firewall's default policy dropped the guests' http");

        // The firewall lets guests through to 8080, but the server opens it to the office only.
        var fromGuestsApi = lab.Probe("guest", ["tcp:10.3.0.10:8080"]);
        Assert.Equal("dropped", fromGuestsApi["tcp:10.3.0.10:8080"]);
        Assert.True(lab.Counted("web", "input", "everything else") > inputBefore, "the server's input chain dropped the guests' api call");
        Assert.True(lab.Counted("gw", "forward", "rule 2: guests -> servers") > 0, "rule 2 let it through the firewall");
    }

    [Fact]
    public void LoadingTwiceReplacesOnlyElentasTable()
    {
        if (!NetnsLab.Available)
        {
            return;
        }

        var artifacts = EmitterRuns.Run(new FirewallEmitter(), Site().Compile()).Artifacts;
        using var lab = new NetnsLab();
        lab.Add("gw");
        lab.Exec("gw", "nft", "add table inet other; add chain inet other keep { type filter hook input priority 10; }").AssertOk("another table");
        var text = artifacts.Text(FirewallEmitter.OutputPath("gw"));
        lab.LoadRuleset("gw", text);
        lab.LoadRuleset("gw", text);
        var tables = lab.Exec("gw", "nft", "list", "tables");
        tables.AssertOk("nft list tables");
        Assert.Equal(["table inet elenta", "table inet other"], tables.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var chains = lab.Exec("gw", "nft", "list", "table", "inet", "elenta");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(chains.Stdout, "chain forward"));
    }
}
