using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Elenta.Core.Emit.Proxy;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>
/// The emerald-city server blocks served by a real nginx, over TLS with a throwaway certificate.
/// The plan is rewritten before rendering (listen on 127.0.0.1 with free ports, the certificate
/// paths to the throwaway files, the backend's port), so everything else in the served
/// configuration is what the emitter writes. Every connection goes to 127.0.0.1; the names are
/// only in Host and SNI.
/// </summary>
public class NginxLiveTests
{
    [Fact]
    public async Task HttpsWithSniReachesTheBackendHttpRedirectsUnknownNamesAreClosedAndUploadsPass()
    {
        var site = ExampleSites.EmitContext("emerald-city").Resolved.Site;
        var plan = ProxyLayout.Create(site);
        // The backend is on the proxy's own machine: loopback, as emitted; the test only moves its port.
        Assert.All(plan.ServersByMachine.Values.SelectMany(s => s).OfType<ForwardingServer>(), s => Assert.Equal(ProxyLayout.Loopback, s.Upstream.Ip));

        using var certificate = new ThrowawayCertificate("*.emerald.city", "emerald.city");
        using var backend = new RecordingBackend();
        using var nginx = new NginxSandbox();
        var http = NginxSandbox.FreePort();
        var https = NginxSandbox.FreePort();
        nginx.Include(ProxyEmitter.MapFile, NginxConfigWriter.WriteUpgradeMap());
        foreach (var (machine, servers) in plan.ServersByMachine)
        {
            // One nginx plays the three machines: the default server may be defined once per port.
            var text = NginxConfigWriter.WriteServers(machine, servers.Select(s => Local(s, http, https, certificate, backend.Port)));
            nginx.Include($"{machine}.conf", machine == "barge" ? text : text[..text.IndexOf("\n# Names this machine does not serve", StringComparison.Ordinal)] + "\n");
        }

        nginx.Start(http);

        using var client = Client(certificate);

        var forwarded = await Send(client, HttpMethod.Get, $"https://jellyfin.emerald.city:{https}/web/index.html?x=1");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        var request = Assert.Single(backend.Requests);
        Assert.Equal("GET /web/index.html?x=1 HTTP/1.1", request.RequestLine);
        Assert.Equal("jellyfin.emerald.city", request.Headers["Host"]);
        Assert.Equal("127.0.0.1", request.Headers["X-Real-IP"]);
        Assert.Equal("127.0.0.1", request.Headers["X-Forwarded-For"]);
        Assert.Equal("https", request.Headers["X-Forwarded-Proto"]);
        Assert.Equal("close", request.Headers["Connection"]);
        Assert.False(forwarded.Headers.Contains("Strict-Transport-Security")); // private domain, site's own files

        var upgrade = await Send(client, HttpMethod.Get, $"https://grafana.emerald.city:{https}/api/live/ws", ("Upgrade", "websocket"), ("Connection", "Upgrade"));
        Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);
        var upgraded = backend.Requests.Last();
        Assert.Equal("grafana.emerald.city", upgraded.Headers["Host"]);
        Assert.Equal("websocket", upgraded.Headers["Upgrade"]);
        Assert.Equal("upgrade", upgraded.Headers["Connection"]);

        // A 2 MB upload passes (nginx's own 1 MB default answered 413).
        var upload = new HttpRequestMessage(HttpMethod.Post, $"https://sonarr.emerald.city:{https}/api/upload") { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(upload)).StatusCode);
        Assert.Equal(2 * 1024 * 1024, backend.Requests.Last().BodyBytes);

        // Plain HTTP redirects to HTTPS, the port kept; the bare domain goes straight to www's HTTPS.
        var redirect = await Send(client, HttpMethod.Get, $"http://jellyfin.emerald.city:{http}/web/?q=2");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://jellyfin.emerald.city:{https}/web/?q=2", redirect.Headers.Location?.ToString());
        var bare = await Send(client, HttpMethod.Get, $"https://emerald.city:{https}/some/page?q=2");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal($"https://www.emerald.city:{https}/some/page?q=2", bare.Headers.Location?.ToString());
        var bareHttp = await Send(client, HttpMethod.Get, $"http://emerald.city:{http}/");
        Assert.Equal($"https://www.emerald.city:{https}/", bareHttp.Headers.Location?.ToString());
        var requests = backend.Requests.Count;

        // A name nobody serves: over HTTP the connection is closed without an answer (444), over
        // HTTPS the handshake is refused; nothing reaches a backend.
        await Assert.ThrowsAsync<HttpRequestException>(() => Send(client, HttpMethod.Get, $"http://unknown.emerald.city:{http}/"));
        await Assert.ThrowsAsync<HttpRequestException>(() => Send(client, HttpMethod.Get, $"https://unknown.example:{https}/"));
        Assert.Equal(requests, backend.Requests.Count);
    }

    [Fact]
    public async Task TheBodyLimitIsTheEntrysOwnWhenItSetsOneAndHstsIsSentWhenAsked()
    {
        var site = ProxyTestSites.WithProxies().File("elenta.yaml", """
            site: mini
            proxy:
              maxBodySize: 1MiB
              timeout: 5m
              tls:
                example.test: { certificate: /etc/ssl/example.test.pem, key: /etc/ssl/example.test.key, hsts: true }
            """).File("roles.yaml", """
            roles:
              web:
                services: { http: { port: tcp/8000 }, api: { port: tcp/9000 }, https: { port: tcp/443, clients: [lab] }, https-api: { port: tcp/8443, clients: [lab] } }
                proxy:
                  www: { port: 8000, maxBodySize: 4MiB }
                  api: { port: 9000, timeout: 90s, httpsPort: 8443 }
              database: { resources: { cpus: 1, memory: 1GiB, disk: 1GiB }, options: { mode: { type: enum, values: [primary, secondary], default: primary } } }
            """);
        var compiled = site.Compile();
        Assert.DoesNotContain(compiled.Diagnostics, d => d.IsError);
        var plan = ProxyLayout.Create(compiled.Resolved!.Site);
        var servers = plan.ServersByMachine["alpha"].OfType<ForwardingServer>().ToDictionary(s => s.ServerName);
        Assert.Equal(new ProxyLimits(new ByteSize(4L << 20), 300), servers["www.example.test"].Limits);
        Assert.Equal(new ProxyLimits(new ByteSize(1L << 20), 90), servers["api.example.test"].Limits);
        Assert.Equal(8443, servers["api.example.test"].Tls!.Listen.Port);

        using var certificate = new ThrowawayCertificate("*.example.test", "example.test");
        using var backend = new RecordingBackend();
        using var nginx = new NginxSandbox();
        var http = NginxSandbox.FreePort();
        var https = NginxSandbox.FreePort();
        nginx.Include(ProxyEmitter.MapFile, NginxConfigWriter.WriteUpgradeMap());
        nginx.Include("alpha.conf", NginxConfigWriter.WriteServers("alpha", plan.ServersByMachine["alpha"].Select(s => Local(s, http, https, certificate, backend.Port))));
        nginx.Start(http);
        using var client = Client(certificate);

        async Task<HttpStatusCode> Post(string name, int bytes)
        {
            // Expect: 100-continue: nginx answers a body over the limit (413) from the headers, and
            // the body is never sent. Without it, nginx may close the connection while a slow client
            // is still sending, and the client sees a broken pipe instead of the answer.
            var message = new HttpRequestMessage(HttpMethod.Post, $"https://{name}:{https}/up") { Content = new ByteArrayContent(new byte[bytes]) };
            message.Headers.ExpectContinue = true;
            return (await client.SendAsync(message)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Post("www.example.test", 2 * 1024 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await Post("api.example.test", 2 * 1024 * 1024));
        Assert.Equal(HttpStatusCode.OK, await Post("api.example.test", 512 * 1024));
        var answer = await Send(client, HttpMethod.Get, $"https://www.example.test:{https}/");
        Assert.Equal("max-age=31536000", Assert.Single(answer.Headers.GetValues("Strict-Transport-Security")));
    }

    /// <summary>
    /// An HTTP client whose every connection goes to 127.0.0.1 (the URL's port), whatever the host in
    /// the URL, which stays the Host header and the SNI; it trusts exactly the throwaway certificate.
    /// </summary>
    private static HttpClient Client(ThrowawayCertificate certificate)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.Certificate.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        var message = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(message);
    }

    private static ProxyServer Local(ProxyServer server, int http, int https, ThrowawayCertificate certificate, int backendPort)
    {
        var tls = server.Tls is null ? null : server.Tls with
        {
            Listen = new NginxListen(https, "127.0.0.1"),
            Certificate = certificate.CertificateFile,
            Key = certificate.KeyFile,
        };
        var listen = new NginxListen(http, "127.0.0.1");
        return server switch
        {
            ForwardingServer f => f with { Listen = listen, Tls = tls, Upstream = f.Upstream with { Port = backendPort } },
            BareRedirectServer r => r with { Listen = listen, Tls = tls, TargetHttps = r.TargetHttps is null ? null : new NginxListen(https, "127.0.0.1") },
            _ => server with { Listen = listen, Tls = tls },
        };
    }
}
