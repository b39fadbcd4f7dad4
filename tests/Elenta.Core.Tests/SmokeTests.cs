
namespace Elenta.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void MinimalSiteIsClean()
    {
        var compilation = TestSite.Minimal().Compile();
        compilation.Diagnostics.Clean();
        Assert.NotNull(compilation.Resolved);
        Assert.Equal(3, compilation.Resolved!.Machines.Count);
    }
}
