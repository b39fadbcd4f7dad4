using Elenta.Sim;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>A target's place in a lab machine's layer: inside it, or nowhere (never a path of the host's).</summary>
public sealed class SimLayerPathTests
{
    [Theory]
    [InlineData("nginx/conf.d/a.conf", "/run/lab/m/etc.up/nginx/conf.d/a.conf")]
    [InlineData("/x", "/run/lab/m/etc.up/x")] // the rest of /etc//x: Path.Combine alone gives the host's /x
    [InlineData("a/./b", "/run/lab/m/etc.up/a/b")]
    [InlineData("a/../b", "/run/lab/m/etc.up/b")]
    [InlineData("..", null)]
    [InlineData("../shadow", null)]
    [InlineData("a/../../../x", null)]
    [InlineData("", null)]
    public void ATargetLandsInsideTheLayerOrNowhere(string rest, string? expected) =>
        Assert.Equal(expected, LabFiles.InLayer("/run/lab/m/etc.up", rest));
}
