using Elenta.Sim;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>Lab names: one lab's namespaces never carry another lab's names.</summary>
public sealed class SimLabNameTests
{
    [Theory]
    [InlineData("emerald-city", true)]
    [InlineData("d1f2e3a4", true)]
    [InlineData("x--y", false)] // its switch namespace elenta-x--y is lab x's machine y
    [InlineData("-x", false)]
    [InlineData("x-", false)]
    [InlineData("Emerald", false)]
    [InlineData("", false)]
    [InlineData("abcdefghijklmnopqrstu", false)]
    public void ALabNameNeverHoldsTheSeparator(string name, bool valid) => Assert.Equal(valid, Names.IsValidLab(name));

    [Theory]
    [InlineData("Emerald City", "emerald-city")]
    [InlineData("a__b", "a-b")]
    [InlineData("--x--", "x")]
    [InlineData("***", "lab")]
    [InlineData("a-very-long-site-name-indeed", "a-very-long-site-nam")]
    [InlineData("a-very-long-site-na-me", "a-very-long-site-na")]
    public void ASitesNameMakesAValidLabName(string site, string lab)
    {
        Assert.Equal(lab, Names.LabOf(site));
        Assert.True(Names.IsValidLab(Names.LabOf(site)));
    }
}
