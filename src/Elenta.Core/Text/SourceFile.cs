namespace Elenta.Core.Text;

/// <summary>
/// The text of one input file. Line starts are computed only when a position is printed:
/// spans are stored as offsets, as Bicep does.
/// </summary>
public sealed class SourceFile
{
    private int[]? lineStarts;

    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>The path as the user should see it (relative to the working directory when possible).</summary>
    public string Path { get; }

    /// <summary>
    /// The absolute path the file was read from (null for text that came from nowhere): generated
    /// files name their source relative to the site with it, whatever the working directory.
    /// </summary>
    public string? FullPath { get; internal set; }

    public string Text { get; }

    public LinePosition GetPosition(int offset)
    {
        var starts = LineStarts;
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(starts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line + 1, offset - starts[line] + 1);
    }

    /// <summary>The offset of a 1-based line and column, clamped to the file.</summary>
    public int GetOffset(int line, int column)
    {
        var starts = LineStarts;
        if (line < 1)
        {
            return 0;
        }

        if (line > starts.Length)
        {
            return Text.Length;
        }

        return Math.Min(Text.Length, starts[line - 1] + Math.Max(0, column - 1));
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string GetLineText(int line)
    {
        var starts = LineStarts;
        if (line < 1 || line > starts.Length)
        {
            return string.Empty;
        }

        var start = starts[line - 1];
        var end = line < starts.Length ? starts[line] : Text.Length;
        return Text[start..end].TrimEnd('\r', '\n');
    }

    private int[] LineStarts => lineStarts ??= ComputeLineStarts(Text);

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }

    public override string ToString() => Path;
}

/// <summary>A 1-based line and column.</summary>
public readonly record struct LinePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>A range of characters in a file.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>Where something was written: a file and a span in it.</summary>
public readonly record struct Location(SourceFile File, TextSpan Span)
{
    public LinePosition Start => File.GetPosition(Span.Start);

    public override string ToString() => $"{File.Path}:{Start}";
}
