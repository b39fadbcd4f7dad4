using Elenta.Cli.Commands;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>ELENTA_TIMINGS reads Core's stage spans: one listener, nothing of it in Core's API but the source's name.</summary>
public class TimingsTests
{
    [Fact]
    public void TheListenerSeesEveryStageOfABuildAndTheSlowestRules()
    {
        using var dir = new CliRunner.TempDir();
        var timings = Timings.Listen();
        CliRunner.Result r;
        try
        {
            r = CliRunner.Run(CliRunner.RepoRoot, "build", "examples/emerald-city", "--out", Path.Combine(dir.Path, "out"), "--serial", "1");
        }
        finally
        {
            timings.Dispose();
        }

        Assert.True(r.ExitCode == 0, r.Err);
        var err = new StringWriter();
        timings.Write(new CliContext(new StringWriter(), err, CliRunner.RepoRoot, color: false));
        var text = err.ToString();
        foreach (var stage in new[] { "load", "merge", "schema", "bind", "resolve", "analyse", "emit dns", "emit views", "manifest", "write", "total", "gc" })
        {
            Assert.Contains($"elenta: timing {stage} ", text, StringComparison.Ordinal);
        }

        Assert.Matches(@"elenta: timing   rule EL\d{4} ", text);
        Assert.Matches(@"elenta: timing load +\d+\.\d ms, +\d+ MiB allocated, +\d+ ms of CPU", text);
    }
}
