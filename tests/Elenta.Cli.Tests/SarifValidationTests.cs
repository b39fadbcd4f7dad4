using System.Diagnostics;
using System.Text.Json.Nodes;
using Elenta.Cli.Tests.Support;

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
        var start = new ProcessStartInfo(Multitool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "validate", input, "--output", output })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "the SARIF multitool did not finish");
        Assert.True(File.Exists(output), $"no validation output; exit {p.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        var log = JsonNode.Parse(File.ReadAllText(output))!;
        return log["runs"]![0]!["results"]!.AsArray()
            .Where(r => r!["level"]?.GetValue<string>() == "error")
            .Select(r => $"{r!["ruleId"]}: {r["message"]?.ToJsonString()}")
            .ToList();
    }
}
