using System.Diagnostics;
using System.Text.Json;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>
/// nix/'s <c>nixosConfigurations</c> on emerald-city's build, evaluated by nix-instantiate --eval
/// --strict (no nixpkgs: a stand-in nixosSystem that returns its arguments): one configuration per
/// machine the nixos driver deploys, each with its view's options, the revision, its roles' modules,
/// and its constellations with every instance.
/// </summary>
public sealed class NixosLibraryTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("elenta-nixos-lib-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private JsonElement Eval(string expression)
    {
        var info = new ProcessStartInfo("nix-instantiate", ["--eval", "--strict", "--json", "--readonly-mode", "--option", "build-users-group", "", "--expr", expression])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        info.Environment["NIX_STATE_DIR"] = Path.Combine(root, "state");
        info.Environment["NIX_REMOTE"] = string.Empty;
        info.Environment["HOME"] = root;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "nix-instantiate: " + error.Result);
        return JsonDocument.Parse(output.Result).RootElement.Clone();
    }

    [Fact]
    public void EmeraldCitysBuildBecomesOneConfigurationPerNixosMachine()
    {
        var build = Path.Combine(root, "build");
        var built = CliRunner.InRepo("build", Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city"), "--out", build);
        Assert.True(built.ExitCode == 0, built.Err + built.Out);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(build, "manifest.json"))).RootElement;
        var revision = manifest.GetProperty("gitRevision").ValueKind == JsonValueKind.String ? manifest.GetProperty("gitRevision").GetString() : null;
        var library = Path.Combine(CliRunner.RepoRoot, "nix");

        var result = Eval($$"""
            let
              e = import {{library}};
              roleModule = { networking.firewall.allowedUDPPorts = [ 53 ]; };
              cs = e.nixosConfigurations { build = "{{build}}"; nixosSystem = args: args; roles = { dns-server = roleModule; }; };
            in builtins.mapAttrs (name: c: {
              inherit (c) system;
              modules = builtins.length c.modules;
              hostName = ((builtins.head c.modules) { }).networking.hostName;
              revision = (((builtins.elemAt c.modules 1) { }).system or { }).configurationRevision or null;
              dnsRole = builtins.elem roleModule c.modules;
              constellations = builtins.mapAttrs (_: k: builtins.length (builtins.attrNames k.instances)) c.specialArgs.elenta.constellations;
              viewName = c.specialArgs.elenta.view.name;
            }) cs
            """);

        // hedges (driver none) is left out; archimedes, nancy, randy, toto (hosts with driver nixos) and every guest are in.
        var machines = result.EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain("hedges", machines);
        foreach (var m in new[] { "toto", "ifrit", "btg", "barge", "dashy", "db-a" })
        {
            Assert.Contains(m, machines);
            var c = result.GetProperty(m);
            Assert.Equal(m, c.GetProperty("hostName").GetString());
            Assert.Equal(m, c.GetProperty("viewName").GetString());
            Assert.Equal("x86_64-linux", c.GetProperty("system").GetString());
            Assert.Equal(revision, c.GetProperty("revision").ValueKind == JsonValueKind.Null ? null : c.GetProperty("revision").GetString());
        }

        // toto runs dns-server: its role's module is among its modules; ifrit's are its view and the revision only.
        Assert.True(result.GetProperty("toto").GetProperty("dnsRole").GetBoolean());
        Assert.Equal(3, result.GetProperty("toto").GetProperty("modules").GetInt32());
        Assert.False(result.GetProperty("ifrit").GetProperty("dnsRole").GetBoolean());
        Assert.Equal(2, result.GetProperty("ifrit").GetProperty("modules").GetInt32());

        // The whole constellation, as the build's views/constellations/emerald-city.json has it.
        var constellation = JsonDocument.Parse(File.ReadAllText(Path.Combine(build, "views", "constellations", "emerald-city.json"))).RootElement;
        Assert.Equal(constellation.GetProperty("instances").EnumerateObject().Count(), result.GetProperty("toto").GetProperty("constellations").GetProperty("emerald-city").GetInt32());
    }
}
