using System.Text.Json.Nodes;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary><c>elenta init</c>: a starter site that checks and builds, and never overwrites a site.</summary>
public class InitCommandTests
{
    [Theory]
    [InlineData("my lab", "elenta check 'my lab'")]
    [InlineData("-x", "elenta check ./-x")]
    public void TheNextCommandsCanBePastedIntoAShell(string name, string check)
    {
        using var dir = new CliRunner.TempDir();
        var init = CliRunner.Run(dir.Path, "init", "--", name);
        Assert.True(init.ExitCode == 0, init.Err);
        Assert.Contains($"  {check}\n", init.Out);
        Assert.True(File.Exists(Path.Combine(dir.Path, name, "elenta.yaml")));
    }

    [Fact]
    public void TheStarterSiteChecksWithoutErrorsAndBuilds()
    {
        using var dir = new CliRunner.TempDir();
        var init = CliRunner.Run(dir.Path, "init", "lab");
        Assert.True(init.ExitCode == 0, init.Err);
        Assert.Contains("elenta check lab", init.Out);
        Assert.True(File.Exists(Path.Combine(dir.Path, "lab", "elenta.yaml")));
        Assert.Contains("# ", File.ReadAllText(Path.Combine(dir.Path, "lab", "cadaster.yaml"))); // commented
        // The deploy commands' working files and the generated secrets are kept out of git.
        var ignored = File.ReadAllLines(Path.Combine(dir.Path, "lab", ".gitignore"));
        Assert.Contains(".elenta/", ignored);
        Assert.Contains(".secrets/", ignored);

        var check = CliRunner.Run(dir.Path, "check", "lab", "--format", "json");
        Assert.True(check.ExitCode == 0, check.Out + check.Err);
        var diagnostics = JsonNode.Parse(check.Out)!;
        Assert.Equal(0, diagnostics["errors"]!.GetValue<int>());
        // The only warnings: the machines' host keys, which nobody can know before the machines exist.
        Assert.All(diagnostics["diagnostics"]!.AsArray(), d => Assert.Equal("EL8007", d!["code"]!.GetValue<string>()));

        var build = CliRunner.Run(dir.Path, "build", "lab", "--out", "out");
        Assert.True(build.ExitCode == 0, build.Out + build.Err);
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "dns", "zones", "canon.zone")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "manifest.json")));

        var show = CliRunner.Run(Path.Combine(dir.Path, "lab"), "show", "host", "server1", "--format", "json");
        Assert.True(show.ExitCode == 0, show.Err);
        Assert.Contains(JsonNode.Parse(show.Out)!["roles"]!.AsArray(), r => r!["role"]!.GetValue<string>() == "web");
    }

    [Fact]
    public void InitWritesIntoTheCurrentDirectoryByDefault()
    {
        using var dir = new CliRunner.TempDir();
        Assert.Equal(0, CliRunner.Run(dir.Path, "init").ExitCode);
        Assert.Equal(0, CliRunner.Run(dir.Path, "check").ExitCode);
    }

    [Fact]
    public void InitRefusesToOverwriteASite()
    {
        using var dir = new CliRunner.TempDir();
        var mine = dir.Write("elenta.yaml", "site: mine\n");
        var r = CliRunner.Run(dir.Path, "init", ".");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("already holds a site", r.Err);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("site: mine\n", File.ReadAllText(mine));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void InitRefusesToOverwriteAnyFileItWouldWrite()
    {
        using var dir = new CliRunner.TempDir();
        var roles = dir.Write("lab/roles.yaml", "roles: {}\n");
        var r = CliRunner.Run(dir.Path, "init", "lab");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("roles.yaml' exists", r.Err);
        Assert.Equal("roles: {}\n", File.ReadAllText(roles));
        Assert.False(File.Exists(Path.Combine(dir.Path, "lab", "elenta.yaml")));
    }
}
