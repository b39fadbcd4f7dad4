using Elenta.Core.Emit.Proxy;

namespace Elenta.Core.Tests.Emit.Proxy;

public class ProxyEmitterTests
{
    [Fact]
    public void EmeraldCityProxiesEachServiceOnItsOwnMachine()
    {
        var (artifacts, diagnostics) = ProxyTestSites.Emit(ExampleSites.EmitContext("emerald-city"));
        diagnostics.Clean();
        Assert.Equal(["barge", "daktylos", "dashy"], artifacts.Select(a => a.Machines.Single()).Distinct().Order(StringComparer.Ordinal));

        var barge = artifacts.At("proxy/barge/elenta-proxy.conf");
        Assert.Equal("/etc/nginx/conf.d/elenta-proxy.conf", barge.Delivery!.Target);
        var text = barge.Text();
        Assert.Contains("server_name jellyfin.emerald.city;", text, StringComparison.Ordinal);
        // The backend runs on the proxy's own machine: nginx reaches it on loopback.
        Assert.Contains("proxy_pass http://127.0.0.1:8096;  # barge.canon, this machine", text, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://127.0.0.1:8989;", text, StringComparison.Ordinal);
        // emerald.city has TLS (elenta.yaml's proxy.tls): HTTPS with the site's files, HTTP redirects.
        var jellyfin = Block(text, "jellyfin.emerald.city", ssl: true);
        Assert.Contains("listen 443 ssl;", jellyfin, StringComparison.Ordinal);
        Assert.Contains("ssl_certificate /etc/ssl/emerald.city/fullchain.pem;", jellyfin, StringComparison.Ordinal);
        Assert.Contains("ssl_certificate_key /etc/ssl/private/emerald.city.key;", jellyfin, StringComparison.Ordinal);
        Assert.Contains("client_max_body_size 100m;", jellyfin, StringComparison.Ordinal);
        Assert.Contains("proxy_read_timeout 60s;", jellyfin, StringComparison.Ordinal);
        Assert.DoesNotContain("Strict-Transport-Security", text, StringComparison.Ordinal); // private domain, files: no HSTS by default
        Assert.Contains("return 301 https://$host$request_uri;", Block(text, "jellyfin.emerald.city", ssl: false), StringComparison.Ordinal);
        Assert.Contains("listen 80 default_server;", text, StringComparison.Ordinal);
        Assert.Contains("listen 443 ssl default_server;", text, StringComparison.Ordinal);
        Assert.Contains("return 444;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("grafana", text, StringComparison.Ordinal);

        var dashy = artifacts.At("proxy/dashy/elenta-proxy.conf").Text();
        Assert.Contains("server_name www.emerald.city;", dashy, StringComparison.Ordinal);
        Assert.Contains("server_name emerald.city;", dashy, StringComparison.Ordinal);
        Assert.Contains("return 301 https://www.emerald.city$request_uri;", Block(dashy, "emerald.city", ssl: false), StringComparison.Ordinal);
        Assert.Contains("return 301 https://www.emerald.city$request_uri;", Block(dashy, "emerald.city", ssl: true), StringComparison.Ordinal);
        Assert.DoesNotContain("www.emerald.city$request_uri", text, StringComparison.Ordinal);

        Assert.Equal("/etc/nginx/conf.d/elenta-proxy-map.conf", artifacts.At("proxy/barge/elenta-proxy-map.conf").Delivery!.Target);
    }

    [Fact]
    public void FrontendPortAndWebsocketFollowTheEntry()
    {
        var (artifacts, diagnostics) = ProxyTestSites.Emit(ProxyTestSites.WithProxies());
        diagnostics.Clean();
        var text = artifacts.At("proxy/alpha/elenta-proxy.conf").Text();
        var api = Block(text, "api.example.test");
        Assert.Contains("listen 8080;", api, StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://127.0.0.1:9000;  # alpha.canon, this machine", api, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", api, StringComparison.Ordinal);
        Assert.DoesNotContain("Upgrade", api, StringComparison.Ordinal);

        var www = Block(text, "www.example.test");
        Assert.Contains("listen 80;", www, StringComparison.Ordinal);
        Assert.Contains("proxy_http_version 1.1;", www, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", www, StringComparison.Ordinal);
    }

    [Fact]
    public void ABackendListeningOnlyOnSomeNetworksIsReachedAtTheMachinesAddressThere()
    {
        // services.http.networks: [lab]: the backend does not listen on loopback, so nginx goes to alpha's lab address.
        var site = ProxyTestSites.WithProxies().File("restricted.yaml", """
            roles:
              web: { services: { http: { networks: [lab] } } }
            """);
        var (artifacts, diagnostics) = ProxyTestSites.Emit(site);
        diagnostics.Clean();
        var text = artifacts.At("proxy/alpha/elenta-proxy.conf").Text();
        Assert.Contains("proxy_pass http://10.0.0.2:8000;  # alpha.canon\n", Block(text, "www.example.test"), StringComparison.Ordinal);
        Assert.Contains("proxy_pass http://127.0.0.1:9000;", Block(text, "api.example.test"), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingRedirectTargetWritesNoRedirectAndLeavesTheWarningToTheCheck()
    {
        var (artifacts, diagnostics) = ProxyTestSites.Emit(ProxyTestSites.WithProxies(redirectBareTo: "home"));
        diagnostics.Clean(); // check's EL5012 (Analysis/Dns/ProxyNameTests)
        Assert.DoesNotContain("return 301", artifacts.At("proxy/alpha/elenta-proxy.conf").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void OfTwoInstancesClaimingOneNameOnlyTheFirstIsServed()
    {
        var site = ProxyTestSites.WithProxies().File("elenta.yaml", "site: mini\nanalysis: { rules: { EL5014: off, EL5001: off } }\n").File("constellations.yaml", """
            constellations:
              app:
                domain: example.test
                machines:
                  alpha: { hostConfig: { one: { role: web } } }
                  beta: { hostConfig: { two: { role: web } } }
            """);
        var (artifacts, diagnostics) = ProxyTestSites.Emit(site);
        diagnostics.Clean();
        Assert.Contains("www.example.test", artifacts.At("proxy/alpha/elenta-proxy.conf").Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(artifacts, a => a.Path.StartsWith("proxy/beta/", StringComparison.Ordinal));
    }

    [Fact]
    public void ProxyEntriesWithoutDomainOrAddressAreSkippedAndTheCheckSaysWhy()
    {
        var site = ProxyTestSites.WithProxies().File("constellations.yaml", """
            constellations:
              nameless:
                machines:
                  alpha: { hostConfig: { one: { role: web } } }
              app:
                domain: example.test
                machines:
                  beta: { containers: { floating: { role: web } } }
            """);
        var (artifacts, diagnostics) = ProxyTestSites.Emit(site);
        diagnostics.Clean(); // check's EL5013 and EL4012
        Assert.Empty(artifacts);
    }

    [Fact]
    public void OutputIsByteIdenticalAcrossRuns()
    {
        var first = ProxyTestSites.Emit(ExampleSites.EmitContext("emerald-city")).Artifacts;
        var second = ProxyTestSites.Emit(ExampleSites.EmitContext("emerald-city")).Artifacts;
        Assert.Equal(first.Select(a => (a.Path, a.Sha256)), second.Select(a => (a.Path, a.Sha256)));
    }

    /// <summary>The server block whose server_name is <paramref name="name"/>: the HTTPS one or the plain-HTTP one when it has both.</summary>
    internal static string Block(string config, string name, bool? ssl = null)
    {
        var at = -1;
        while ((at = config.IndexOf($"server_name {name};", at + 1, StringComparison.Ordinal)) >= 0)
        {
            var open = config.LastIndexOf("server {", at, StringComparison.Ordinal);
            var isSsl = config[open..at].Contains(" ssl;", StringComparison.Ordinal);
            if (ssl is null || ssl == isSsl)
            {
                break;
            }
        }

        Assert.True(at >= 0, $"no server block for {name} in:\n{config}");
        var start = config.LastIndexOf("server {", at, StringComparison.Ordinal);
        var end = config.IndexOf("\n}\n", at, StringComparison.Ordinal);
        return config[start..end];
    }
}
