using System.Net;
using System.Text.RegularExpressions;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Netboot;
using Elenta.Core.Tests.Analysis;
using Elenta.Core.Tests.Emit.Proxy;

namespace Elenta.Core.Tests.Emit.Netboot;

/// <summary>
/// The nginx server that serves the netboot store, checked by nginx itself: <c>nginx -t</c>, then a
/// real nginx on 127.0.0.1 serving a store directory the test makes. The only change the test makes
/// to the generated block is its listen line (127.0.0.1 and a free port instead of the URL's port).
/// </summary>
public sealed class NetbootStoreServerTests : IDisposable
{
    private const string Mac = "02:00:00:00:00:02";

    private readonly string store = Directory.CreateTempSubdirectory("elenta-store-").FullName;

    public void Dispose() => Directory.Delete(store, recursive: true);

    private static TestSite Site(string storeLine) => TestSite.Minimal()
        .File("elenta.yaml", $"site: mini\ncanonDomain: canon\nnetbootStore: {storeLine}\n")
        .File("boot.yaml", "cadaster:\n  compute:\n    beta:\n      boot: { mode: netboot, firmware: uefi }\n");

    private Artifact ServerFile(string baseUrl = "http://alpha.canon:8080/netboot")
    {
        var (artifacts, diagnostics) = EmitterRuns.Run(new NetbootEmitter(), Site($"{{ server: alpha, path: {store}, baseUrl: {baseUrl} }}"));
        diagnostics.Clean();
        return artifacts.Single(a => a.Path == $"netboot/{NetbootEmitter.ServerFolder}/{NetbootStoreServer.FileName}");
    }

    private static string ListenOn(string text, string listen)
    {
        var rewritten = Regex.Replace(text, @"(?m)^    listen [^;]+;$", $"    listen {listen};");
        Assert.NotEqual(text, rewritten);
        return rewritten;
    }

    [Fact]
    public void TheStoresServerReceivesItAndNginxAcceptsIt()
    {
        var artifact = ServerFile();
        Assert.Equal(["alpha"], artifact.Machines);
        Assert.Equal("/etc/nginx/conf.d/elenta-netboot-store.conf", artifact.Delivery!.Target);
        Assert.Equal(["nginx -s reload"], artifact.Delivery.After);
        var text = System.Text.Encoding.UTF8.GetString(artifact.Content);
        Assert.Contains("    listen 8080;\n", text);
        Assert.Contains("    server_name alpha.canon;\n", text);
        Assert.Contains($"        alias {store}/;\n", text);

        using var nginx = new NginxSandbox();
        var result = nginx.Include("store.conf", ListenOn(text, "127.0.0.1:" + NginxSandbox.FreePort())).Test();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void AServerWithAnIpv6AddressListensOverIpv6Too()
    {
        Assert.DoesNotContain("[::]", ServerFile().Text(), StringComparison.Ordinal);
        var site = Site($"{{ server: alpha, path: {store}, baseUrl: http://alpha.canon:8080/netboot }}").File("v6.yaml", """
            networks:
              lab6: { cidr: "fd00:10::/64" }
            cadaster:
              compute:
                alpha: { canon: { lab6: { ip: "fd00:10::2", interface: eth0 } } }
            """);
        var (artifacts, diagnostics) = EmitterRuns.Run(new NetbootEmitter(), site);
        diagnostics.Clean();
        var text = artifacts.Text($"netboot/{NetbootEmitter.ServerFolder}/{NetbootStoreServer.FileName}");
        Assert.Contains("    listen 8080;\n    listen [::]:8080;\n    server_name alpha.canon;\n", text, StringComparison.Ordinal);
        using var nginx = new NginxSandbox();
        var result = nginx.Include("store.conf", text).Test();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task ServesTheStoreDirectoryAtTheBaseUrlPathAndNothingElse()
    {
        var folder = Directory.CreateDirectory(Path.Combine(store, Mac.Replace(':', '-'))).FullName;
        File.WriteAllText(Path.Combine(folder, "boot.ipxe"), "#!ipxe\necho hello\n");
        File.WriteAllBytes(Path.Combine(folder, "initrd"), Enumerable.Range(0, 3 << 20).Select(i => (byte)i).ToArray());
        File.WriteAllText(Path.Combine(store, "..", Path.GetFileName(store) + "-secret"), "outside the store");
        var port = NginxSandbox.FreePort();
        using var nginx = new NginxSandbox();
        nginx.Include("store.conf", ListenOn(System.Text.Encoding.UTF8.GetString(ServerFile().Content), $"127.0.0.1:{port}"));
        nginx.Start(port);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            // As iPXE asks: the URL DHCP hands out, with the store's host name.
            var script = await Send(http, HttpMethod.Get, port, $"/netboot/{Mac.Replace(':', '-')}/boot.ipxe");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("#!ipxe\necho hello\n", await script.Content.ReadAsStringAsync());

            var initrd = await Send(http, HttpMethod.Get, port, $"/netboot/{Mac.Replace(':', '-')}/initrd");
            Assert.Equal(HttpStatusCode.OK, initrd.StatusCode);
            Assert.Equal(3 << 20, (await initrd.Content.ReadAsByteArrayAsync()).Length);
            Assert.Equal("application/octet-stream", initrd.Content.Headers.ContentType?.MediaType);

            Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, port, "/netboot/02-00-00-00-00-99/boot.ipxe")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, port, "/" + Path.GetFileName(store) + "-secret")).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await Send(http, HttpMethod.Get, port, "/netboot/../" + Path.GetFileName(store) + "-secret")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(http, HttpMethod.Post, port, $"/netboot/{Mac.Replace(':', '-')}/boot.ipxe")).StatusCode);
        }
        finally
        {
            File.Delete(Path.Combine(store, "..", Path.GetFileName(store) + "-secret"));
        }
    }

    [Fact]
    public void ServeNoneWritesNoServer()
    {
        var (artifacts, diagnostics) = EmitterRuns.Run(new NetbootEmitter(), Site($"{{ server: alpha, path: {store}, baseUrl: http://alpha.canon/netboot, serve: none }}"));
        diagnostics.Clean();
        Assert.DoesNotContain(artifacts, a => a.Path.Contains(NetbootEmitter.ServerFolder, StringComparison.Ordinal));
        Assert.Contains(artifacts, a => a.Path == "netboot/index.json");
    }

    [Fact]
    public void ARootBaseUrlServesTheStoreAtTheRoot()
    {
        var text = System.Text.Encoding.UTF8.GetString(ServerFile("http://alpha.canon/").Content);
        Assert.Contains("    listen 80;\n", text);
        Assert.Contains("    location / {\n", text);
        Assert.Contains($"        root {store};\n", text);
        using var nginx = new NginxSandbox();
        var result = nginx.Include("store.conf", ListenOn(text, "127.0.0.1:" + NginxSandbox.FreePort())).Test();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("{ server: alpha, path: /srv/netboot, baseUrl: \"https://alpha.canon/netboot\" }", "baseUrl", "https")]
    [InlineData("{ server: alpha, path: \"/srv/net boot\", baseUrl: \"http://alpha.canon/netboot\" }", "path", "/srv/net boot")]
    [InlineData("{ server: alpha, path: /srv/netboot, baseUrl: \"http://alpha.canon/net$boot\" }", "baseUrl", "/net$boot/")]
    public void AStoreNginxCannotServeIsAnErrorAtTheValue(string storeLine, string key, string named)
    {
        var d = Site(storeLine).Compile().Diagnostics.Single("EL8040");
        Assert.EndsWith("elenta.yaml", d.Location!.Value.File.Path, StringComparison.Ordinal);
        Assert.Contains(named, d.Message, StringComparison.Ordinal);
        Assert.Contains("serve: none", d.Help, StringComparison.Ordinal);
        Assert.Contains(key == "path" ? "/srv/net boot" : "alpha.canon", SpanText.Of(d), StringComparison.Ordinal);
    }

    [Fact]
    public void ServeNoneSilencesTheCheck() =>
        Site("{ server: alpha, path: /srv/netboot, baseUrl: \"https://alpha.canon/netboot\", serve: none }").Compile().Diagnostics.None("EL8040");

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, int port, string path)
    {
        var message = new HttpRequestMessage(method, $"http://127.0.0.1:{port}{path}");
        message.Headers.Host = "alpha.canon:8080";
        return http.SendAsync(message);
    }
}
