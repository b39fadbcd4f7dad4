using System.Text.Json.Nodes;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Views;
using Elenta.Core.Model;

namespace Elenta.Core.Tests.Emit.Views;

/// <summary>view.json per machine, read back the way NixOS reads it: builtins.fromJSON in nix-instantiate.</summary>
public sealed class ViewsEmitterTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("elenta-views-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static EmitContext Context => ExampleSites.SharedEmitContext("emerald-city");

    private static IReadOnlyList<Artifact> Emit() => EmitterRuns.RunClean(new ViewsEmitter(), Context);

    private static JsonNode Parse(Artifact artifact) => JsonNode.Parse(artifact.Content)!;

    [Fact]
    public void EveryMachineGetsAViewThatParses()
    {
        var all = Emit();
        var artifacts = all.Where(a => a.Path.Count(c => c == '/') == 1).ToList();
        var machines = Context.Resolved.Machines.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(machines.Select(m => $"views/{m}.json"), artifacts.Select(a => a.Path).Order(StringComparer.Ordinal));
        var directory = Assert.Single(all, a => a.Path.StartsWith("views/constellations/", StringComparison.Ordinal));
        Assert.Equal("views/constellations/emerald-city.json", directory.Path);
        Assert.Equal("/etc/elenta/constellations/emerald-city.json", directory.Delivery!.Target);
        // Every machine that takes part in the constellation receives its directory; hedges (driver: none) none.
        var members = Context.Resolved.Constellations.Single().Instances.Select(i => i.Machine).Where(m => m != "hedges").Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(members, directory.Machines);
        foreach (var artifact in artifacts)
        {
            var name = Parse(artifact)["name"]!.GetValue<string>();
            Assert.Equal($"views/{name}.json", artifact.Path);
            if (Context.Resolved.Site.Cadaster.Hosts[name] is { Driver: Elenta.Core.Model.DriverKind.None })
            {
                Assert.Null(artifact.Delivery);
                continue;
            }

            Assert.Equal(ViewsEmitter.TargetPath, artifact.Delivery!.Target);
            Assert.Equal([name], artifact.Machines);
        }

        // Hosts, VMs and containers all have one.
        Assert.Contains(artifacts, a => Parse(a)["kind"]!.GetValue<string>() == "container");
        Assert.Contains(artifacts, a => Parse(a)["kind"]!.GetValue<string>() == "vm");
    }

    [Fact]
    public void NixReadsTheViewWithFromJsonAndValuesRoundTrip()
    {
        foreach (var view in Emit())
        {
            File.WriteAllBytes(Path.Combine(root, "view.json"), view.Content);
            var result = ExternalTool.Run("nix-instantiate", ["--eval", "--strict", "--json", "--expr", "builtins.fromJSON (builtins.readFile ./view.json)"], root);
            Assert.True(result.ExitCode == 0, view.Path + ": " + result);
            Assert.True(JsonNode.DeepEquals(Parse(view), JsonNode.Parse(result.Stdout)), $"nix read {view.Path} differently:\n{result.Stdout}");
        }

        File.WriteAllBytes(Path.Combine(root, "view.json"), Emit().Single(a => a.Path == "views/daktylos.json").Content);
        Directory.CreateDirectory(Path.Combine(root, "constellations"));
        File.WriteAllBytes(Path.Combine(root, "constellations", "emerald-city.json"), Emit().Single(a => a.Path == "views/constellations/emerald-city.json").Content);

        // Static service discovery: daktylos finds db-a's address through the directory of the
        // constellation its view names, as a NixOS configuration would.
        var dbA = Context.Resolved.Site.Constellations["emerald-city"]!.Instances.Single(i => i.Name == "db-a");
        var ip = ExternalTool.Run("nix-instantiate", ["--eval", "--strict", "--json", "--expr",
            "let view = builtins.fromJSON (builtins.readFile ./view.json); dir = builtins.fromJSON (builtins.readFile (./constellations + \"/${builtins.head view.constellations}.json\")); in (builtins.elemAt dir.instances.\"db-a\".addresses 0).ip"], root);
        Assert.True(ip.ExitCode == 0, ip.ToString());
        Assert.Equal($"\"{dbA.Address!.Ip}\"", ip.Stdout.Trim());
    }

    [Fact]
    public void ViewsAreDeterministic()
    {
        Assert.Equal(Emit().Select(a => a.Sha256), Emit().Select(a => a.Sha256));
    }

    [Fact]
    public void AGuestViewNamesItsHost()
    {
        foreach (var guest in Context.Resolved.Site.Constellations.SelectMany(c => c.Instances).Where(i => i.Kind != InstanceKind.Host))
        {
            Assert.Equal(guest.Host, Parse(Emit().Single(a => a.Path == $"views/{guest.Name}.json"))["host"]!.GetValue<string>());
        }
    }
}
