using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>A mistyped command line: one line and a hint, not the whole help; completion through [suggest].</summary>
public class UsageErrorTests
{
    [Theory]
    [InlineData("unknown command 'chek'; did you mean 'check'?", "chek", "examples/emerald-city")]
    [InlineData("unknown option '--formt' for 'elenta check'; did you mean '--format'?", "check", "--formt", "json")]
    [InlineData("unknown option '--formt' for 'elenta check'; did you mean '--format'?", "check", "--formt")]
    [InlineData("'elenta show' has no subcommand 'hots'; did you mean 'host'?", "show", "hots", "toto")]
    [InlineData("'elenta show' has no subcommand 'hots'; did you mean 'host'?", "show", "hots", "toto", "--site", "examples/emerald-city")]
    [InlineData("unknown option '--sit' for 'elenta show host'; did you mean '--site'?", "show", "host", "--sit", "x")]
    [InlineData("'elenta lookup' needs NAME", "lookup")]
    [InlineData("argument 'xml' not recognized. Must be one of: 'text', 'json', 'sarif'", "check", "--format", "xml")]
    [InlineData("say which command to run: check, show, lookup, explain, schema, build, init")]
    [InlineData("--serial takes a whole number from 0 to 4294967295, not '-1'", "build", "examples/emerald-city", "--out", "/nonexistent-elenta-test", "--serial", "-1")]
    [InlineData("the site is given twice, as 'examples/emerald-city' and with --site 'examples/narya': give it once", "check", "examples/emerald-city", "--site", "examples/narya")]
    public void OneLineAndAHint(string expected, params string[] args)
    {
        var r = CliRunner.InRepo(args);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(string.Empty, r.Out);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("elenta: " + expected, lines[0], StringComparison.Ordinal);
        Assert.Matches("^  .*see 'elenta[a-z ]*--help'", lines[1]);
        Assert.DoesNotContain("Usage:", r.Err);
    }

    [Fact]
    public void TheSiteGivenTwiceAsOneDirectoryIsFine()
    {
        var r = CliRunner.Run(Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city"), "check", ".", "--site", "./");
        Assert.True(r.ExitCode == 0, r.Err);
    }

    [Fact]
    public void HelpAndVersionStillWork()
    {
        var help = CliRunner.InRepo("check", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Out);
        Assert.Equal(0, CliRunner.InRepo("--version").ExitCode);
    }

    [Fact]
    public void TheSuggestDirectiveCompletesCommandsAndValues()
    {
        Assert.Contains("check", CliRunner.InRepo("[suggest:2]", "ch").Out.Split('\n'));
        var formats = CliRunner.InRepo("[suggest:15]", "check --format ").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["json", "sarif", "text"], formats);
    }
}
