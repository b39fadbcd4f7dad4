using System.Net;
using Elenta.Core.Emit.Proxy;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>ACME certificates: the challenge location, the script that obtains them, the renewal hook, HSTS for public names.</summary>
public class AcmeTests
{
    private static TestSite AcmeSite() => ProxyTestSites.WithProxies().File("elenta.yaml", """
        site: mini
        proxy:
          tls:
            example.test: { acme: { email: ops@example.test, server: "https://acme.example.test/directory" } }
        """);

    [Fact]
    public void EachMachineGetsTheScriptAndTheHookAndItsNginxWaitsForThePlaceholders()
    {
        var (artifacts, diagnostics) = ProxyTestSites.Emit(AcmeSite());
        diagnostics.Clean();
        var script = artifacts.At($"proxy/alpha/{ProxyEmitter.AcmeScriptFile}");
        Assert.Equal(ProxyEmitter.AcmeScriptTarget, script.Delivery!.Target);
        Assert.Equal("0755", script.Delivery.Mode);
        Assert.Equal([ProxyEmitter.AcmeScriptTarget], script.Delivery.After);
        var hook = artifacts.At($"proxy/alpha/{ProxyEmitter.AcmeHookFile}");
        Assert.Equal(ProxyEmitter.AcmeHookTarget, hook.Delivery!.Target);
        Assert.Equal("0755", hook.Delivery.Mode);
        Assert.Equal([ProxyEmitter.AcmeScriptTarget], artifacts.At($"proxy/alpha/{ProxyEmitter.ServersFile}").Delivery!.After);

        // One lineage for the machine's names under the domain, the bare domain included.
        var text = script.Text();
        Assert.Contains("certbot certonly --non-interactive --agree-tos --keep-until-expiring --expand --webroot -w \"$webroot\" --cert-name example.test -m ops@example.test"
            + " --server https://acme.example.test/directory -d api.example.test -d example.test -d www.example.test\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("placeholder example.test", StringComparison.Ordinal) < text.IndexOf("certbot certonly", StringComparison.Ordinal));
        foreach (var file in new[] { script, hook })
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(path, file.Content);
                ExternalTool.Run("sh", "-n", path).AssertOk($"sh -n {file.Path}");
            }
            finally
            {
                File.Delete(path);
            }
        }

        var nginx = artifacts.At($"proxy/alpha/{ProxyEmitter.ServersFile}").Text();
        var www = ProxyEmitterTests.Block(nginx, "www.example.test", ssl: true);
        Assert.Contains($"ssl_certificate {ProxyLayout.AcmeCertificateFile("example.test")};", www, StringComparison.Ordinal);
        Assert.Contains("add_header Strict-Transport-Security \"max-age=31536000\" always;", www, StringComparison.Ordinal); // ACME, public: HSTS
        Assert.Contains($"location {NginxConfigWriter.AcmeChallengePath} {{", ProxyEmitterTests.Block(nginx, "www.example.test", ssl: false), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChallengeIsServedOverHttpAndEverythingElseRedirects()
    {
        var compiled = AcmeSite().Compile();
        var plan = ProxyLayout.Create(compiled.Resolved!.Site);
        using var certificate = new ThrowawayCertificate("*.example.test", "example.test");
        var webroot = Path.Combine(certificate.Directory, "acme");
        Directory.CreateDirectory(Path.Combine(webroot, ".well-known", "acme-challenge"));
        await File.WriteAllTextAsync(Path.Combine(webroot, ".well-known", "acme-challenge", "token-1"), "token-1.thumbprint");
        using var nginx = new NginxSandbox();
        var http = NginxSandbox.FreePort();
        var https = NginxSandbox.FreePort();
        nginx.Include(ProxyEmitter.MapFile, NginxConfigWriter.WriteUpgradeMap());
        var servers = plan.ServersByMachine["alpha"].Select(s => s with
        {
            Listen = new NginxListen(http, "127.0.0.1"),
            Tls = s.Tls! with { Listen = new NginxListen(https, "127.0.0.1"), Certificate = certificate.CertificateFile, Key = certificate.KeyFile, AcmeWebroot = webroot },
        });
        nginx.Include("alpha.conf", NginxConfigWriter.WriteServers("alpha", servers));
        nginx.Start(http);

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var name in new[] { "www.example.test", "example.test" })
        {
            var challenge = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{http}/.well-known/acme-challenge/token-1");
            challenge.Headers.Host = name;
            var answer = await client.SendAsync(challenge);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("token-1.thumbprint", await answer.Content.ReadAsStringAsync());
        }

        var page = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{http}/index.html");
        page.Headers.Host = "www.example.test";
        var redirect = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://www.example.test:{https}/index.html", redirect.Headers.Location?.ToString());
    }

    [Fact]
    public void AcmeForAPrivateDomainIsAWarningAtAcme()
    {
        var warning = AcmeSite().File("domains.yaml", """
            domains:
              example.test: { private: true, nameservers: [alpha] }
            """).Compile().Diagnostics.Single("EL8061");
        Assert.False(warning.IsError);
        Assert.Equal("elenta.yaml", Path.GetFileName(warning.Location!.Value.File.Path));
        Assert.Equal(4, warning.Location!.Value.Start.Line);
        Assert.Contains("private", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsForADomainWithNoProxiedNameIsAWarningWithTheNearestDomain()
    {
        var warning = ProxyTestSites.WithProxies().File("elenta.yaml", """
            site: mini
            proxy:
              tls:
                exmple.test: { certificate: /etc/ssl/a.pem, key: /etc/ssl/a.key }
            """).Compile().Diagnostics.Single("EL8060");
        Assert.Equal(4, warning.Location!.Value.Start.Line);
        Assert.Contains("example.test", warning.Help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ certificate: /etc/ssl/a.pem }", "key")]
    [InlineData("{ key: /etc/ssl/a.key }", "certificate")]
    [InlineData("{ hsts: true }", "certificate")]
    [InlineData("{ certificate: /etc/ssl/a.pem, key: /etc/ssl/a.key, acme: { email: a@b.c } }", "not both")]
    [InlineData("{ certificate: etc/ssl/a.pem, key: /etc/ssl/a.key }", "absolute file path")]
    public void HalfACertificateOrTwoSourcesIsAnErrorAtTheEntry(string entry, string said)
    {
        var compiled = ProxyTestSites.WithProxies().File("elenta.yaml", $"site: mini\nproxy:\n  tls:\n    example.test: {entry}\n").Compile();
        var error = Assert.Single(compiled.Diagnostics, d => d.IsError);
        Assert.Equal("elenta.yaml", Path.GetFileName(error.Location!.Value.File.Path));
        Assert.Equal(4, error.Location!.Value.Start.Line);
        Assert.Contains(said, error.Message + error.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpAndHttpsOnOnePortOfOneMachineIsAnErrorAtTheHttpsPort()
    {
        // api (plain on 8080) and www (HTTPS moved to 8080) share alpha's nginx: nginx would refuse to load.
        var site = ProxyTestSites.WithProxies().File("elenta.yaml", """
            site: mini
            proxy:
              tls:
                www.example.test: { certificate: /etc/ssl/www.pem, key: /etc/ssl/www.key }
            """).File("ports.yaml", """
            roles:
              web: { proxy: { www: { httpsPort: 8080 } } }
            """);
        var error = site.Compile().Diagnostics.Single("EL8064");
        Assert.True(error.IsError);
        Assert.Equal("ports.yaml", Path.GetFileName(error.Location!.Value.File.Path));
        Assert.Equal("8080", Elenta.Core.Tests.Analysis.SpanText.Of(error));
        Assert.Contains("api.example.test", error.Message, StringComparison.Ordinal);

        // The same ports without TLS on www: nothing to say.
        Assert.DoesNotContain(ProxyTestSites.WithProxies().File("ports.yaml", "roles:\n  web: { proxy: { www: { httpsPort: 8080 } } }\n").Compile().Diagnostics, d => d.Code == "EL8064");
    }

    [Fact]
    public void ATimeoutThatIsNoDurationIsAnErrorAtTheValue()
    {
        var compiled = ProxyTestSites.WithProxies().File("elenta.yaml", "site: mini\nproxy: { timeout: soon }\n").Compile();
        var error = Assert.Single(compiled.Diagnostics, d => d.IsError);
        Assert.Equal(2, error.Location!.Value.Start.Line);
        Assert.Contains("duration", error.Message, StringComparison.Ordinal);
    }
}
