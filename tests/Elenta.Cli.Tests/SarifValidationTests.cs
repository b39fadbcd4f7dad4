using System.Text.Json.Nodes;
using Elenta.Cli.Tests.Support;
using Elenta.Core.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>
/// `check --format sarif` is validated by Microsoft's SARIF multitool (installed by
/// scripts/install-deps.sh from the npm registry) against the SARIF 2.1.0 schema.
/// </summary>
public class SarifValidationTests
{
    private static readonly string Multitool = Path.Combine(CliRunner.RepoRoot, ".tools", "sarif", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

    public static IEnumerable<object[]> Sites() =>
        new[] { "examples/emerald-city" }
            .Concat(Directory.GetDirectories(Path.Combine(CliRunner.RepoRoot, "examples", "broken")).Order(StringComparer.Ordinal).Select(d => Path.GetRelativePath(CliRunner.RepoRoot, d)))
            .Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Sites))]
    public void OutputValidatesAgainstTheSarifSchema(string site)
    {
        using var dir = new CliRunner.TempDir();
        var input = dir.Write("check.sarif", CliRunner.InRepo("check", site, "--format", "sarif").Out);
        var errors = Validate(input, dir.Path);
        Assert.True(errors.Count == 0, $"{site}: the SARIF multitool found schema errors:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void TheValidatorRejectsBrokenSarif()
    {
        using var dir = new CliRunner.TempDir();
        var input = dir.Write("bad.sarif", """{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"level":"bogus"}]}]}""");
        Assert.NotEmpty(Validate(input, dir.Path));
    }

    private static List<string> Validate(string input, string workDir)
    {
        Assert.True(File.Exists(Multitool), $"{Multitool} is missing: run scripts/install-deps.sh");
        var output = Path.Combine(workDir, "validation.sarif");
        var run = ExternalTool.Run(Multitool, ["validate", input, "--output", output], workDir,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" }, TimeSpan.FromSeconds(120));
        Assert.True(File.Exists(output), $"no validation output; {run}");
        var log = JsonNode.Parse(File.ReadAllText(output))!;
        return log["runs"]![0]!["results"]!.AsArray()
            .Where(r => r!["level"]?.GetValue<string>() == "error")
            .Select(r => $"{r!["ruleId"]}: {r["message"]?.ToJsonString()}")
            .ToList();
    }
}
