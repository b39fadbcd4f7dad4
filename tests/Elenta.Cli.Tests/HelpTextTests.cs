using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>Help says each default once, in words: no bare "[default: .]" for the site directory.</summary>
public class HelpTextTests
{
    [Theory]
    [InlineData("check")]
    [InlineData("show", "host")]
    [InlineData("show", "constellation")]
    [InlineData("show", "network")]
    [InlineData("lookup")]
    [InlineData("explain")]
    [InlineData("init")]
    [InlineData("build")]
    public void HelpCarriesNoBareDefaultDirectory(params string[] command)
    {
        var r = CliRunner.InRepo([.. command, "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("[default: .]", r.Out);
        Assert.DoesNotContain("(default)", r.Out); // a default said twice: in words and by System.CommandLine
        Assert.Contains("the current directory when omitted", r.Out);
    }
}
