using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>The docs say what the code does.</summary>
public class DocsTests
{
    [Fact]
    public void FormatReferenceMatchesTheSchema()
    {
        var doc = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "docs", "format.md"));
        const string begin = "<!-- BEGIN GENERATED REFERENCE -->\n";
        const string end = "<!-- END GENERATED REFERENCE -->";
        var start = doc.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        var stop = doc.IndexOf(end, StringComparison.Ordinal);
        var generated = CliRunner.InRepo("schema", "--format", "markdown").Out;
        Assert.True(doc[start..stop] == generated,
            "docs/format.md's field reference is stale; regenerate the part between the markers with: ./elenta schema --format markdown");
    }

    [Fact]
    public void ReadmeGivesTheTwoCommandsAndCiRunsTheTestOne()
    {
        var readme = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "README.md"));
        Assert.Contains("./scripts/run-example.sh", readme);
        Assert.Contains("./scripts/test.sh", readme);
        var ci = File.ReadAllText(Path.Combine(CliRunner.RepoRoot, ".ci", "run"));
        Assert.Contains("./scripts/test.sh", ci);
    }
}
