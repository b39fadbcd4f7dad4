using System.Text;
using Elenta.Core.Emit;

namespace Elenta.Core.Tests.Emit;

public class TextBufferTests
{
    [Fact]
    public void TheBytesAreTheTextsUtf8WhateverItHolds()
    {
        var text = TextBuffer.Take();
        text.Append("# Elenta's firewall for ifrit — zone «lab», host 🌍\n");
        for (var i = 0; i < 2000; i++)
        {
            text.Append("\tip saddr 10.0.").Append(i % 256).Append(".0/24 accept comment \"é\"\n"); // past the first buffer's size
        }

        var expected = Encoding.UTF8.GetBytes(text.ToString());
        Assert.Equal(expected, TextBuffer.ToUtf8(text));
    }

    [Fact]
    public void TheNextFileStartsEmptyAndANestedOneGetsItsOwnBuilder()
    {
        var first = TextBuffer.Take();
        first.Append("first file");
        var nested = TextBuffer.Take(); // the first is still being written
        Assert.NotSame(first, nested);
        Assert.Equal(0, nested.Length);
        nested.Append("nested");
        Assert.Equal("nested"u8.ToArray(), TextBuffer.ToUtf8(nested));
        Assert.Equal("first file"u8.ToArray(), TextBuffer.ToUtf8(first));

        var next = TextBuffer.Take();
        Assert.Equal(0, next.Length);
        Assert.Equal([], TextBuffer.ToUtf8(next));
    }
}
