using Elenta.Cli.Tests.Support;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary><c>keys scan --overlay</c>: only one of the site's overlays, where the next build reads the key.</summary>
public sealed class KeysOverlayTests
{
    [Fact]
    public void AnOverlayTheSiteDoesNotReadIsRefusedBeforeTheMachineIsAsked()
    {
        using var temp = new CliRunner.TempDir();
        var site = Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city");
        var refused = CliRunner.Run(CliRunner.RepoRoot, "keys", "scan", "toto", "--site", site, "--no-dns", "--yes", "--overlay", temp.Path);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{temp.Path} is not one of the site's overlays (../narya)", refused.Err);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }
}
