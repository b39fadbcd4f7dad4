using Elenta.Core.Emit.Firewall;
using Elenta.Core.Tests.Emit.Proxy;

namespace Elenta.Core.Tests.Analysis.Proxy;

/// <summary>EL8065: nginx serves a proxied name on a port its machine's input firewall keeps closed.</summary>
public class ProxyPortClosedTests
{
    /// <summary>The proxy test site, its web role with only the backends' services: nginx's ports are closed.</summary>
    private static TestSite WithoutNginxServices() => ProxyTestSites.WithProxies().File("roles.yaml", """
        roles:
          web:
            resources: { cpus: 1, memory: 1GiB, disk: 10GiB }
            services: { http: { port: tcp/8000 }, api: { port: tcp/9000 } }
            proxy:
              www: { port: 8000 }
              api: { port: 9000, frontendPort: 8080 }
          database:
            options: { mode: { type: enum, values: [primary, secondary], default: primary } }
            resources: { cpus: 2, memory: 4GiB, disk: 20GiB }
            services: { postgres: { port: 5432 } }
        """);

    private const string Tls = """
        site: mini
        proxy:
          tls:
            example.test: { certificate: /etc/ssl/example.test.pem, key: /etc/ssl/example.test.key }
        """;

    [Fact]
    public void APlainNameOnAClosedPortIsAnErrorAtItsEntryAndOpeningThePortEndsIt()
    {
        var errors = WithoutNginxServices().Compile().Diagnostics.Where(d => d.Code == "EL8065").ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.True(e.IsError));
        var www = Assert.Single(errors, e => e.Message.Contains("www.example.test (plain HTTP) on tcp/80 of 'alpha'", StringComparison.Ordinal));
        Assert.Equal("roles.yaml", Path.GetFileName(www.Location!.Value.File.Path));
        Assert.Equal("www", SpanText.Of(www)); // the entry, which writes no frontendPort
        Assert.Contains("add a service for the port to role 'web'", www.Help, StringComparison.Ordinal);
        Assert.Contains("clients: [NETWORK]", www.Help, StringComparison.Ordinal);
        // An entry that writes its frontendPort is reported there.
        var api = Assert.Single(errors, e => e.Message.Contains("api.example.test (plain HTTP) on tcp/8080", StringComparison.Ordinal));
        Assert.Equal("8080", SpanText.Of(api));

        // Port 80 opened (no clients is not open); 8080 still closed.
        var noClients = WithoutNginxServices().File("open.yaml", "roles: { web: { services: { nginx: { port: tcp/80 } } } }\n").Compile().Diagnostics;
        Assert.Equal(2, noClients.Count(d => d.Code == "EL8065"));
        var opened = WithoutNginxServices().File("open.yaml", "roles: { web: { services: { nginx: { port: tcp/80, clients: [lab] }, alt: { port: tcp/8000-8100, clients: [lab] } } } }\n").Compile();
        opened.Diagnostics.None("EL8065");
        Assert.DoesNotContain(opened.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void NamesWithTlsNeedTheirHttpsPortOneErrorPerPortOfAMachineWithTheClientsOfThePlainPortSuggested()
    {
        var site = WithoutNginxServices().File("elenta.yaml", Tls)
            .File("open.yaml", "roles: { web: { services: { nginx: { port: tcp/80, clients: [lab] }, nginx-api: { port: tcp/8080, clients: [lab] } } } }\n");
        var error = site.Compile().Diagnostics.Single("EL8065");
        // www and api both serve HTTPS on 443: one error, the second name a note.
        Assert.Contains("www.example.test (HTTPS) (and 1 more name) on tcp/443 of 'alpha'", error.Message, StringComparison.Ordinal);
        Assert.Equal("www", SpanText.Of(error));
        Assert.Contains("'https: { port: tcp/443, clients: [lab] }'", error.Help, StringComparison.Ordinal);
        var note = Assert.Single(error.Related);
        Assert.Contains("api.example.test (HTTPS) on tcp/443 too", note.Message, StringComparison.Ordinal);

        // What the help says to add ends it, and the firewall the machine gets opens the port.
        var closedWall = EmitterRuns.Run(new FirewallEmitter(), site.Compile()).Artifacts.Text("firewall/alpha.nft");
        Assert.DoesNotContain("tcp dport 443", closedWall, StringComparison.Ordinal);
        var fixedSite = site.File("https.yaml", "roles: { web: { services: { https: { port: tcp/443, clients: [lab] } } } }\n");
        var compiled = fixedSite.Compile();
        compiled.Diagnostics.None("EL8065");
        var wall = EmitterRuns.Run(new FirewallEmitter(), compiled).Artifacts.Text("firewall/alpha.nft");
        Assert.Contains("ip saddr 10.0.0.0/24 ip daddr 10.0.0.2 tcp dport 443 counter accept", wall, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAcmeNameAlsoNeedsThePlainPortForTheChallenge()
    {
        var site = WithoutNginxServices().File("elenta.yaml", """
            site: mini
            proxy:
              tls:
                example.test: { acme: { email: ops@example.test } }
            """).File("open.yaml", "roles: { web: { services: { https: { port: tcp/443, clients: [lab] }, nginx-api: { port: tcp/8080, clients: [lab] } } } }\n");
        var error = site.Compile().Diagnostics.Single("EL8065");
        Assert.Contains("www.example.test (the ACME challenge) on tcp/80", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMachineWithoutAnInputChainIsNotChecked()
    {
        var unmanaged = WithoutNginxServices().File("unmanaged.yaml", "cadaster: { compute: { alpha: { driver: none } } }\n").Compile();
        unmanaged.Diagnostics.None("EL8065");
    }
}
