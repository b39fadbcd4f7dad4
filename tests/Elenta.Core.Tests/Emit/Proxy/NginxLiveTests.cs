using System.Net;
using Elenta.Core.Emit.Proxy;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>
/// The emerald-city server blocks served by a real nginx. The plan is rewritten before rendering
/// (listen on 127.0.0.1 and a free port, every upstream to a local recording backend), so
/// everything else in the served configuration is what the emitter writes.
/// </summary>
public class NginxLiveTests
{
    [Fact]
    public async Task RequestsReachTheBackendWithProxyHeadersAndTheBareDomainRedirects()
    {
        var site = ExampleSites.EmitContext("emerald-city").Resolved.Site;
        var plan = ProxyLayout.Create(site);
        using var backend = new RecordingBackend();
        using var nginx = new NginxSandbox();
        var port = NginxSandbox.FreePort();
        nginx.Include(ProxyEmitter.MapFile, NginxConfigWriter.WriteUpgradeMap());
        foreach (var (machine, servers) in plan.ServersByMachine)
        {
            nginx.Include($"{machine}.conf", NginxConfigWriter.WriteServers(machine, servers.Select(s => Local(s, port, backend.Port))));
        }

        nginx.Start(port);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

        var forwarded = await Get(http, port, "jellyfin.emerald.city", "/web/index.html?x=1");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        var request = Assert.Single(backend.Requests);
        Assert.Equal("GET /web/index.html?x=1 HTTP/1.1", request.RequestLine);
        Assert.Equal("jellyfin.emerald.city", request.Headers["Host"]);
        Assert.Equal("127.0.0.1", request.Headers["X-Real-IP"]);
        Assert.Equal("127.0.0.1", request.Headers["X-Forwarded-For"]);
        Assert.Equal("http", request.Headers["X-Forwarded-Proto"]);
        Assert.Equal("close", request.Headers["Connection"]);

        var upgrade = await Get(http, port, "grafana.emerald.city", "/api/live/ws", ("Upgrade", "websocket"), ("Connection", "Upgrade"));
        Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);
        var upgraded = backend.Requests.Last();
        Assert.Equal("grafana.emerald.city", upgraded.Headers["Host"]);
        Assert.Equal("websocket", upgraded.Headers["Upgrade"]);
        Assert.Equal("upgrade", upgraded.Headers["Connection"]);

        var bare = await Get(http, port, "emerald.city", "/some/page?q=2");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("http://www.emerald.city/some/page?q=2", bare.Headers.Location?.ToString());
        Assert.Equal(2, backend.Requests.Count);
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, int port, string host, string path, params (string Name, string Value)[] headers)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        message.Headers.Host = host;
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await http.SendAsync(message);
    }

    private static ProxyServer Local(ProxyServer server, int port, int backendPort)
    {
        var listen = new NginxListen(port, "127.0.0.1");
        return server switch
        {
            ForwardingServer f => f with { Listen = listen, Upstream = f.Upstream with { Ip = IpAddress.Parse("127.0.0.1"), Port = backendPort } },
            _ => server with { Listen = listen },
        };
    }
}
