using System.Text.Json.Nodes;
using Elenta.Cli.Rendering;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// <c>show --format yaml</c>: a string a YAML reader would take for a number, a boolean, null or a
/// date is quoted, so the value read back is the string the view holds.
/// </summary>
public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("0x5000c500a1b2c301")] // a disk's WWN: hex to YAML 1.1 and 1.2
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("on")]
    [InlineData("OFF")]
    [InlineData("~")]
    [InlineData("Null")]
    [InlineData("0755")] // octal to YAML 1.1
    [InlineData("0o17")]
    [InlineData("12:34:56:12:34:56")] // a MAC of digits: base 60 to YAML 1.1
    [InlineData("1e3")]
    [InlineData("1_000")] // an integer to YAML 1.1
    [InlineData(".inf")]
    [InlineData("2026-11-30")]
    [InlineData("")]
    public void AStringThatReadsAsAnotherTypeIsQuoted(string text) =>
        Assert.Equal($"value: \"{text}\"\n", Body(text));

    [Theory]
    [InlineData("toto")]
    [InlineData("02:e1:00:00:00:51")]
    [InlineData("10.0.0.1")]
    [InlineData("eno1")]
    [InlineData("fd00::1")]
    [InlineData("x86_64")]
    public void AnOrdinaryStringStaysPlain(string text) =>
        Assert.Equal($"value: {text}\n", Body(text));

    private static string Body(string text)
    {
        var yaml = YamlWriter.Write(new JsonObject { ["value"] = text });
        return yaml.Replace("...\n", string.Empty, StringComparison.Ordinal);
    }
}
