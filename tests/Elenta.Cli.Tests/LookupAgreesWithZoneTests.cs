using Elenta.Cli.Tests.Support;
using Elenta.Core.Semantics;
using Elenta.Core.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>
/// <c>elenta lookup</c> and the canon zone <c>elenta build</c> writes answer every name alike: the
/// zone, served by a real NSD, is asked by lookup itself for each name it holds.
/// </summary>
public sealed class LookupAgreesWithZoneTests : IDisposable
{
    private const string Site = "examples/emerald-city";
    private readonly DirectoryInfo output = Directory.CreateTempSubdirectory("elenta-lookup-zone-");

    public void Dispose() => output.Delete(recursive: true);

    [Fact]
    public void LookupAgreesWithTheBuiltCanonZoneOnEveryMachineName()
    {
        var build = CliRunner.InRepo("build", Site, "--out", output.FullName, "--only", "dns");
        Assert.True(build.ExitCode == 0, build.Out + build.Err);
        var zone = File.ReadAllText(Path.Combine(output.FullName, "dns", "zones", "canon.zone"));
        var names = zone.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 4 && f[0] != "@" && f[2] is "A" or "AAAA")
            .Select(f => f[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(names);

        // lookup reports machines (hosts and guests); a switch has no machine view to show.
        var site = Core.Compilation.Create(Path.Combine(CliRunner.RepoRoot, Site), new Hosting.PhysicalFileSystem(CliRunner.RepoRoot), nix: null).Resolved!.Names;
        var machineNames = names.Where(n => site.Named(n).All(c => c.Kind != CanonNameKind.Switch)).ToList();
        Assert.True(machineNames.Count < names.Count, "emerald-city's switch has a name in the zone");

        using var nsd = NsdServer.Start(new Dictionary<string, string> { ["canon"] = zone }, "canon");
        foreach (var name in machineNames)
        {
            var r = CliRunner.InRepo("lookup", name + ".canon", "--site", Site, "--dns-server", $"127.0.0.1:{nsd.Port}");
            Assert.True(r.ExitCode == 0 && r.Out.Contains("as the cadaster says", StringComparison.Ordinal), $"lookup {name}.canon:\n{r.Out}{r.Err}");
        }
    }
}
