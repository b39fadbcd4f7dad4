using Elenta.Core.Emit.Proxy;
using Elenta.Core.Tests.Emit.Firewall;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>
/// A machine with an IPv6 address has AAAA records for its proxied names, so its nginx listens
/// over IPv6 too (<c>listen 80</c> alone is IPv4 only). The live test serves the emitted file
/// unchanged, in a network namespace of its own, and asks it over ::1 and 127.0.0.1 from inside.
/// </summary>
public class NginxIpv6Tests
{
    /// <summary>The proxy test site, alpha with an IPv6 canon address beside its IPv4 one.</summary>
    private static TestSite DualStack() => ProxyTestSites.WithProxies().File("v6.yaml", """
        networks:
          lab6: { cidr: "fd00:10::/64" }
        cadaster:
          compute:
            alpha: { canon: { lab6: { ip: "fd00:10::2", interface: eth0 } } }
        """);

    private static string Servers(TestSite site)
    {
        var (artifacts, diagnostics) = ProxyTestSites.Emit(site);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        return artifacts.At($"proxy/alpha/{ProxyEmitter.ServersFile}").Text();
    }

    [Fact]
    public void EveryPortIsAlsoListenedOnOverIpv6OnlyWhenTheMachineHasAnIpv6Address()
    {
        var text = Servers(DualStack());
        Assert.Contains("    listen 80;\n    listen [::]:80;\n    server_name www.example.test;\n", text, StringComparison.Ordinal);
        Assert.Contains("    listen 8080;\n    listen [::]:8080;\n    server_name api.example.test;\n", text, StringComparison.Ordinal);
        Assert.Contains("    listen 80 default_server;\n    listen [::]:80 default_server;\n    listen 8080 default_server;\n    listen [::]:8080 default_server;\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[::]", Servers(ProxyTestSites.WithProxies()), StringComparison.Ordinal);

        // With TLS, the HTTPS port too.
        var tls = Servers(DualStack().File("elenta.yaml", """
            site: mini
            proxy:
              tls:
                example.test: { certificate: /etc/ssl/example.test.pem, key: /etc/ssl/example.test.key }
            """));
        Assert.Contains("    listen 443 ssl;\n    listen [::]:443 ssl;\n    server_name www.example.test;\n", tls, StringComparison.Ordinal);
        Assert.Contains("    listen [::]:443 ssl default_server;\n", tls, StringComparison.Ordinal);

        using var nginx = new NginxSandbox();
        nginx.Include(ProxyEmitter.MapFile, NginxConfigWriter.WriteUpgradeMap()).Include(ProxyEmitter.ServersFile, text);
        var result = nginx.Test();
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void TheEmittedFileAnswersOverIpv6AndIpv4InANamespace()
    {
        if (!NetnsLab.Available)
        {
            return; // network namespaces need root
        }

        // The backends are not running: a name nginx serves answers 502, one it does not serve gets
        // its connection closed (curl: empty reply, 52), and a port nobody listens on is refused (7).
        Assert.Equal(["502", "502", "52"], Ask(Servers(DualStack())));
        // Without an IPv6 address, nothing listens on ::1 (what every machine got before).
        Assert.Equal(["7", "502", "7"], Ask(Servers(ProxyTestSites.WithProxies())));
    }

    /// <summary>Serves the file in a namespace; asks www over ::1 and 127.0.0.1, and a name nobody serves over ::1.</summary>
    private static string[] Ask(string servers)
    {
        using var lab = new NetnsLab();
        lab.Add("alpha");
        using var nginx = new NginxSandbox();
        nginx.Include(ProxyEmitter.MapFile, NginxConfigWriter.WriteUpgradeMap()).Include(ProxyEmitter.ServersFile, servers);
        nginx.StartIn(lab.Ns("alpha"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Curl(lab, "127.0.0.1", "www.example.test") != "502")
        {
            Assert.False(nginx.HasExited, "nginx exited: " + nginx.ReadErrorLog());
            Assert.True(DateTime.UtcNow < deadline, "nginx did not answer in 10 s: " + nginx.ReadErrorLog());
            Thread.Sleep(50);
        }

        return [Curl(lab, "[::1]", "www.example.test"), Curl(lab, "127.0.0.1", "www.example.test"), Curl(lab, "[::1]", "unknown.example.test")];
    }

    /// <summary>The HTTP status of GET / on port 80 with this Host, or curl's exit code when there was no answer.</summary>
    private static string Curl(NetnsLab lab, string address, string host)
    {
        var result = lab.Exec("alpha", "curl", "-s", "-g", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-H", "Host: " + host, $"http://{address}:80/");
        return result.ExitCode == 0 ? result.Stdout.Trim() : result.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
