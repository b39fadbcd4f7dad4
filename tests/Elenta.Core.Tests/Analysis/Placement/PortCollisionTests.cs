
namespace Elenta.Core.Tests.Analysis.Placement;

public class PortCollisionTests
{
    private static TestSite WithProxy(string placement) => TestSite.Minimal()
        .File("more.yaml", $$"""
            roles:
              proxy: { services: { front: { port: tcp/80 } } }
            constellations:
              edge: { machines: { alpha: { {{placement}} } } }
            """);

    [Fact]
    public void TwoHostConfigRolesOnOnePortCollideAcrossConstellations()
    {
        var d = WithProxy("hostConfig: { gw: { role: proxy } }").Compile().Diagnostics.Single("EL6002");
        Assert.Equal("gw", SpanText.Of(d));
        Assert.Contains("tcp/80", d.Message);
        Assert.Contains("'www'", d.Message);
        Assert.Equal(["www", "tcp/80", "tcp/80"], SpanText.Related(d));
    }

    [Fact]
    public void ContainerWithoutAddressSharesTheHostsPorts()
    {
        var d = WithProxy("containers: { gw: { role: proxy } }").Compile().Diagnostics.Single("EL6002");
        Assert.Equal("gw", SpanText.Of(d));
    }

    [Fact]
    public void ContainerWithItsOwnAddressIsItsOwnMachine()
    {
        WithProxy("""containers: { gw: { role: proxy, address: { network: lab, ip: 10.0.0.30 }, ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJcWU29iyB/hPnwhyIB6+W/ZP2d+kF5TgXoNK3KpW80r" } } }""")
            .Compile().Diagnostics.Clean();
    }

    [Fact]
    public void TheSameRolePlacedTwiceOnTheHostMergesAndDoesNotCollide()
    {
        TestSite.Minimal()
            .File("more.yaml", "constellations: { other: { machines: { alpha: { hostConfig: { www2: { role: web } } } } } }")
            .Compile().Diagnostics.Clean();
    }
}

/// <summary>EL6002 for the daemons Elenta configures itself: nginx, the proxied backends, sshd, Unbound and NSD.</summary>
public class DaemonPortCollisionTests
{
    private const string Tls = """
        site: mini
        canonDomain: canon
        proxy:
          tls:
            example.test: { certificate: /etc/ssl/example.test.pem, key: /etc/ssl/example.test.key }
        """;

    /// <summary>
    /// A role with one proxy entry, placed on <paramref name="machine"/> in the minimal site's
    /// constellation (domain example.test), with the services that open nginx's ports (EL8065).
    /// </summary>
    private static TestSite Proxied(string entries, string machine = "beta", string services = "nginx: { port: tcp/80, clients: [lab] }, https: { port: tcp/443, clients: [lab] }") => TestSite.Minimal()
        .File("proxied.yaml", $$"""
            roles:
              app:
                services: { backend: { port: tcp/8000 }, {{services}} }
                proxy: { {{entries}} }
            constellations:
              app: { machines: { {{machine}}: { hostConfig: { app: { role: app } } } } }
            """);

    [Fact]
    public void TheBaseSiteAndNginxsOwnOpeningsAreClean()
    {
        Proxied("shop: { port: 8000 }").Compile().Diagnostics.Clean();
        // With TLS: nginx on 80 and 443, both opened by a service of the role; neither is a collision.
        Proxied("shop: { port: 8000 }").File("elenta.yaml", Tls).Compile().Diagnostics.Clean();
    }

    [Fact]
    public void AFrontendPortOnTheBackendsOwnPortCollidesAtTheFrontendPort()
    {
        var d = Proxied("shop: { port: 8000, frontendPort: 8000 }", services: "nginx: { port: tcp/8000, clients: [lab] }").Compile().Diagnostics.Single("EL6002");
        Assert.True(d.IsError);
        Assert.Equal("8000", SpanText.Of(d));
        Assert.EndsWith("frontendPort: ", d.Location!.Value.File.Text[..d.Location.Value.Span.Start], StringComparison.Ordinal);
        Assert.Contains("nginx (plain HTTP of shop.example.test) and the backend of shop.example.test (role app) both listen on tcp/8000 of machine 'beta'", d.Message);
        Assert.Contains("no name it serves on 'beta' answers", d.Message);
        Assert.Contains("give shop.example.test a frontendPort other than 8000", d.Help);
        Assert.Equal(["8000"], SpanText.Related(d)); // the entry's port: the backend
    }

    [Fact]
    public void AnotherNamesFrontendPortOnABackendsPortCollides()
    {
        // The role's service tcp/8080 is the backend of 'api'; 'shop' makes nginx listen on 8080 too.
        var d = Proxied("shop: { port: 8000, frontendPort: 8080 }, api: { port: 8080 }", services: "api: { port: tcp/8080 }, nginx: { port: tcp/80, clients: [lab] }")
            .Compile().Diagnostics.Single("EL6002");
        Assert.Equal("8080", SpanText.Of(d));
        Assert.Contains("nginx (plain HTTP of shop.example.test) and the backend of api.example.test (role app) both listen on tcp/8080", d.Message);
    }

    [Fact]
    public void ABackendOnNginxsDefaultPortIsReportedAtTheBackend()
    {
        // frontendPort defaults to 80: the port the site wrote is the backend's.
        var d = Proxied("shop: { port: 80 }").Compile().Diagnostics.Single("EL6002");
        Assert.Equal("80", SpanText.Of(d));
        Assert.Contains("run the backend of shop.example.test on another port", d.Help);
        Assert.Equal(["shop"], SpanText.Related(d)); // nginx's port is the default, at the entry
    }

    [Fact]
    public void AnHttpsPortOnABackendsPortCollidesOnlyWhenTheNameHasTls()
    {
        var site = Proxied("shop: { port: 8000 }, api: { port: 8443, httpsPort: 8443 }", services: "api: { port: tcp/8443 }, nginx: { port: tcp/80, clients: [lab] }, https: { port: tcp/443, clients: [lab] }");
        site.Compile().Diagnostics.None("EL6002"); // plain HTTP: nginx does not listen on httpsPort
        var d = site.File("elenta.yaml", Tls).Compile().Diagnostics.Single("EL6002");
        Assert.Equal("8443", SpanText.Of(d));
        Assert.Contains("nginx (HTTPS of api.example.test) and the backend of api.example.test", d.Message);
        Assert.Contains("an httpsPort other than 8443", d.Help);
    }

    [Fact]
    public void AFrontendPortOnTheSshPortCollidesWithSshd()
    {
        var d = Proxied("shop: { port: 8000, frontendPort: 22 }").Compile().Diagnostics.Single("EL6002");
        Assert.Equal("22", SpanText.Of(d));
        Assert.Contains("nginx (plain HTTP of shop.example.test) and sshd both listen on tcp/22 of machine 'beta'", d.Message);
        Assert.Contains("or give 'beta' another ssh.port", d.Help);
        Assert.Equal(["beta"], SpanText.Related(d)); // sshd's port is the default, at the host
    }

    [Fact]
    public void AMovedSshPortCollidesWhereNginxListensAndIsReportedAtTheSshPort()
    {
        var site = Proxied("shop: { port: 8000 }").File("ssh.yaml", "cadaster: { compute: { beta: { ssh: { port: 80 } } } }\n");
        var d = site.Compile().Diagnostics.Single("EL6002");
        Assert.Equal("80", SpanText.Of(d)); // ssh.port, the port the site wrote
        Assert.Equal("ssh.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.Contains("sshd and nginx (plain HTTP of shop.example.test) both listen on tcp/80", d.Message);

        // And on 22, nginx's frontendPort 22 no longer meets sshd.
        Proxied("shop: { port: 8000, frontendPort: 22 }").File("ssh.yaml", "cadaster: { compute: { beta: { ssh: { port: 2222 } } } }\n")
            .Compile().Diagnostics.None("EL6002");
    }

    [Fact]
    public void AVmsOwnSshPortCollidesWithItsNginx()
    {
        var d = TestSite.Minimal().File("vm.yaml", """
            roles:
              app:
                services: { backend: { port: tcp/8000 }, nginx: { port: tcp/2222, clients: [lab] } }
                proxy: { shop: { port: 8000, frontendPort: 2222 } }
            constellations:
              app:
                machines:
                  alpha:
                    vms:
                      shopvm: { role: app, address: { network: lab, ip: 10.0.0.21 }, mac: "02:00:00:00:01:02", resources: { cpus: 1, memory: 1GiB, disk: 10GiB },
                          ssh: { port: 2222, hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJcWU29iyB/hPnwhyIB6+W/ZP2d+kF5TgXoNK3KpW80r" } }
            """).Compile().Diagnostics.Single("EL6002");
        Assert.Equal("2222", SpanText.Of(d)); // both written: at nginx's
        Assert.Contains("nginx (plain HTTP of shop.example.test) and sshd both listen on tcp/2222 of machine 'shopvm'", d.Message);
        Assert.Equal(["2222"], SpanText.Related(d));
        Assert.Contains("(ssh.port)", SpanText.RelatedMessages(d));
    }

    [Fact]
    public void ARoleServiceOnSshsOrNginxsPortIsLeftAlone()
    {
        // A service for tcp/22 may be the declaration that opens sshd to more networks, one for
        // tcp/80 nginx's own opening: nothing tells them from another daemon, so neither is reported.
        Proxied("shop: { port: 8000 }", services: "ssh: { port: tcp/22, clients: [lab] }, web: { port: tcp/80 }, nginx: { port: tcp/80, clients: [lab] }")
            .Compile().Diagnostics.None("EL6002");
    }

    [Fact]
    public void TwoRolesThatEachOpenNginxsPortOnOneMachineDoNotCollide()
    {
        // Each role opens nginx's port 80 for its own names, as emerald-city's roles do: one nginx, not two daemons.
        var site = Proxied("shop: { port: 8000 }").File("blog.yaml", """
            roles:
              blog:
                services: { backend: { port: tcp/9000 }, nginx: { port: tcp/80, clients: [lab] }, more: { port: tcp/81-82 } }
                proxy: { blog: { port: 9000 } }
            constellations:
              app: { machines: { beta: { hostConfig: { blog: { role: blog } } } } }
            """);
        site.Compile().Diagnostics.Clean();

        // Ports nginx does not listen on still collide, in a range that also holds nginx's port.
        var d = site.File("ranges.yaml", "roles: { app: { services: { more: { port: tcp/80-81 } } } }\n").Compile().Diagnostics.Single("EL6002");
        Assert.Contains("tcp/81", d.Message);
    }

    [Fact]
    public void AFrontendPortOnTheResolversPortCollidesWithUnbound()
    {
        // alpha holds 10.0.0.2, which the lab hands out as its resolver: Unbound listens there on 53.
        var d = Proxied("shop: { port: 8000, frontendPort: 53 }", machine: "alpha", services: "nginx: { port: tcp/53, clients: [lab] }").Compile().Diagnostics.Single("EL6002");
        Assert.Equal("53", SpanText.Of(d));
        Assert.Contains("nginx (plain HTTP of shop.example.test) and Unbound (the resolver at 10.0.0.2) both listen on tcp/53 of machine 'alpha'", d.Message);
        Assert.Equal(["10.0.0.2"], SpanText.Related(d)); // the network's dns

        // On beta, which is no resolver, 53 is free; and a role's dns service on alpha is the resolver's own declaration.
        Proxied("shop: { port: 8000, frontendPort: 53 }", services: "nginx: { port: tcp/53, clients: [lab] }").Compile().Diagnostics.None("EL6002");
        Proxied("shop: { port: 8000 }", machine: "alpha", services: "dns-udp: { port: udp/53, clients: [lab] }, dns-tcp: { port: tcp/53, clients: [lab] }")
            .Compile().Diagnostics.None("EL6002");
    }

    [Fact]
    public void NsdOnANameServerCollidesWithNginxOnItsPort()
    {
        // beta serves example.test: NSD listens on its address 10.0.0.3, port 53.
        var d = Proxied("shop: { port: 8000, frontendPort: 53 }", services: "nginx: { port: tcp/53, clients: [lab] }")
            .File("domains.yaml", "domains: { example.test: { nameservers: [beta] } }\n")
            .Compile().Diagnostics.Single("EL6002");
        Assert.Contains("nginx (plain HTTP of shop.example.test) and NSD (the name server at 10.0.0.3) both listen on tcp/53 of machine 'beta'", d.Message);
    }

    [Fact]
    public void AMachineElentaDoesNotManageIsNotChecked()
    {
        Proxied("shop: { port: 8000, frontendPort: 22 }").File("driver.yaml", "cadaster: { compute: { beta: { driver: none } } }\n")
            .Compile().Diagnostics.None("EL6002");
    }
}
