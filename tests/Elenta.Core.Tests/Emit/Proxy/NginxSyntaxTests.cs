using Elenta.Core.Emit.Proxy;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>nginx itself judges every generated file: <c>nginx -t</c> on each machine's configuration.</summary>
public class NginxSyntaxTests
{
    public static TheoryData<string> Sites => new() { "emerald-city", "test-site" };

    [Theory]
    [MemberData(nameof(Sites))]
    public void EveryMachineConfigurationPassesNginxTest(string site)
    {
        var (artifacts, diagnostics) = site == "emerald-city"
            ? ProxyTestSites.Emit(ExampleSites.EmitContext(site))
            : ProxyTestSites.Emit(ProxyTestSites.WithProxies());
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        var machines = artifacts.Select(a => a.Machines.Single()).Distinct().ToList();
        Assert.NotEmpty(machines);
        // nginx -t loads the certificates: the site's paths are pointed at a throwaway one, nothing else changes.
        using var certificate = new ThrowawayCertificate("*.emerald.city", "emerald.city");
        foreach (var machine in machines)
        {
            using var nginx = new NginxSandbox();
            nginx.Include(ProxyEmitter.MapFile, artifacts.At($"proxy/{machine}/{ProxyEmitter.MapFile}").Text());
            nginx.Include(ProxyEmitter.ServersFile, certificate.InstalledIn(artifacts.At($"proxy/{machine}/{ProxyEmitter.ServersFile}").Text()));
            var result = nginx.Test();
            Assert.True(result.ExitCode == 0, $"nginx -t failed for {machine}:\n{result.Output}");
            Assert.Contains("test is successful", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NginxTestRejectsABrokenConfiguration()
    {
        var (artifacts, _) = ProxyTestSites.Emit(ProxyTestSites.WithProxies());
        var servers = artifacts.At($"proxy/alpha/{ProxyEmitter.ServersFile}").Text();
        var broken = servers.Replace("proxy_set_header Host $host;", "proxy_set_header Host;", StringComparison.Ordinal);
        Assert.NotEqual(servers, broken);
        using var nginx = new NginxSandbox();
        nginx.Include(ProxyEmitter.MapFile, NginxConfigWriter.WriteUpgradeMap());
        nginx.Include(ProxyEmitter.ServersFile, broken);
        var result = nginx.Test();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid number of arguments", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServerBlocksNeedTheUpgradeMap()
    {
        var (artifacts, _) = ProxyTestSites.Emit(ProxyTestSites.WithProxies());
        using var nginx = new NginxSandbox();
        nginx.Include(ProxyEmitter.ServersFile, artifacts.At($"proxy/alpha/{ProxyEmitter.ServersFile}").Text());
        var result = nginx.Test();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("connection_upgrade", result.Output, StringComparison.Ordinal);
    }
}
