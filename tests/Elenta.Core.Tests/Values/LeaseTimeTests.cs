using Elenta.Core.Model.Values;

namespace Elenta.Core.Tests.Values;

public class LeaseTimeTests
{
    [Theory]
    [InlineData("3600", 3600)]
    [InlineData("12h", 43200)]
    [InlineData("30m", 1800)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("1h30m", 5400)]
    [InlineData(" 90s ", 90)]
    public void LeaseTimesParse(string text, int seconds)
    {
        Assert.True(LeaseTime.TryParse(text, out var parsed));
        Assert.Equal(seconds, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("12x")]
    [InlineData("1.5h")]
    [InlineData("twelve hours")]
    [InlineData("99999999999h")]
    public void BadLeaseTimesDoNotParse(string text)
    {
        Assert.False(LeaseTime.TryParse(text, out _));
    }
}
