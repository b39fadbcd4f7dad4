using Elenta.Core.Diagnostics;
using Elenta.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Elenta.Core.Loading;

/// <summary>
/// Reads one YAML file into located syntax nodes from YamlDotNet's parser events. Never throws on
/// bad input: every problem becomes a diagnostic, and the file then contributes nothing.
/// </summary>
internal sealed class YamlFileLoader
{
    /// <summary>How deep values may nest (the fast reader gives up past it, so this path reports it: EL0015).</summary>
    internal const int MaxDepth = 200;
    private const long MaxExpandedNodes = 20_000_000;

    private readonly SourceFile file;
    private readonly List<Diagnostic> diagnostics;
    private readonly Dictionary<string, (SyntaxNode Node, long Weight)> anchors = new(StringComparer.Ordinal);
    private long expanded;
    private Mark lastGood = Mark.Empty;

    private YamlFileLoader(SourceFile file, List<Diagnostic> diagnostics)
    {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    public static SyntaxNode? Load(SourceFile file, List<Diagnostic> diagnostics)
    {
        if (FastYamlReader.TryRead(file, out var fast))
        {
            return fast;
        }

        return LoadWithYamlDotNet(file, diagnostics);
    }

    /// <summary>The full YAML reader, for files beyond the fast reader's subset and for every error.</summary>
    internal static SyntaxNode? LoadWithYamlDotNet(SourceFile file, List<Diagnostic> diagnostics)
    {
        var loader = new YamlFileLoader(file, diagnostics);
        try
        {
            return loader.LoadStream();
        }
        catch (YamlException ex)
        {
            var at = loader.At(ex.Start, ex.End);
            var problem = CleanMessage(ex.Message);
            if (ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndentation(file) is { } tab)
            {
                at = tab; // YamlDotNet reports tab indentation at the mapping's start; point at the tab itself
            }
            else if (OverIndentedBlockStart(file, at.Span.Start) is { } culprit)
            {
                (at, problem) = culprit;
            }

            diagnostics.Add(Messages.YamlSyntaxError(at, problem, ex.Message.Contains("aliases expand", StringComparison.Ordinal)
                ? "an anchor's value is repeated each time an alias names it, and aliases of aliases multiply: write the values out, or name fewer aliases"
                : null));
            return null;
        }
        catch (TooDeepException ex)
        {
            diagnostics.Add(Messages.TooDeepError(ex.Location, MaxDepth));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or EndOfStreamException)
        {
            // YamlDotNet gives up on some malformed input without a position; the last event it
            // did produce is the best place to point at.
            diagnostics.Add(Messages.YamlSyntaxError(loader.At(loader.lastGood, loader.lastGood),
                "malformed YAML after this point (an unclosed '{' or '[', or a stray character?)"));
            return null;
        }
    }

    private SyntaxNode? LoadStream()
    {
        var parser = new Parser(new StringReader(file.Text));
        parser.Consume<StreamStart>();
        SyntaxNode? root = null;
        var documents = 0;
        while (parser.TryConsume<DocumentStart>(out var docStart))
        {
            documents++;
            if (documents == 2)
            {
                diagnostics.Add(Messages.MultipleDocumentsError(At(docStart.Start, docStart.End)));
            }

            var node = ReadNode(parser, 0);
            parser.Consume<DocumentEnd>();
            if (documents == 1)
            {
                root = node;
            }
        }

        parser.Consume<StreamEnd>();
        return documents > 1 ? null : root;
    }

    private SyntaxNode ReadNode(IParser parser, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new TooDeepException(At(parser.Current!.Start, parser.Current.End));
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor");
            }

            Count(anchored.Weight, alias);
            return anchored.Node;
        }

        var before = expanded;
        SyntaxNode node;
        string? anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
            var priority = PriorityOf(scalar.Tag, scalar);
            var isNull = scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Tag.IsEmpty && IsNullLiteral(scalar.Value);
            var style = scalar.Style is YamlDotNet.Core.ScalarStyle.Plain ? ScalarStyle.Plain : ScalarStyle.Quoted;
            if (!scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str")
            {
                style = ScalarStyle.Quoted;
            }

            node = new ScalarSyntax(At(scalar.Start, scalar.End), priority, scalar.Value, style, isNull);
            Count(1, scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            anchor = seqStart.Anchor.IsEmpty ? null : seqStart.Anchor.Value;
            var priority = PriorityOf(seqStart.Tag, seqStart);
            var items = new List<SyntaxNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, depth + 1));
            }

            node = new SequenceSyntax(At(seqStart.Start, seqStart.End), priority, items);
            Count(1, seqStart);
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            anchor = mapStart.Anchor.IsEmpty ? null : mapStart.Anchor.Value;
            var priority = PriorityOf(mapStart.Tag, mapStart);
            var entries = new List<MappingEntry>();
            Dictionary<string, Location>? seen = null;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                var keyNode = ReadNode(parser, depth + 1);
                var value = ReadNode(parser, depth + 1);
                if (keyNode is not ScalarSyntax keyScalar)
                {
                    diagnostics.Add(Messages.YamlSyntaxError(At(keyEvent.Start, keyEvent.End), "a key must be a plain value, not a mapping or a list"));
                    continue;
                }

                if (FirstDefinition(entries, ref seen, keyScalar.Value) is { } first)
                {
                    diagnostics.Add(Messages.DuplicateKeyError(keyScalar.Location, keyScalar.Value, first));
                    continue;
                }

                seen?.Add(keyScalar.Value, keyScalar.Location);
                entries.Add(new MappingEntry(keyScalar.Value, keyScalar.Location, value));
            }

            // The span of a block mapping is its first key; that is where a reader looks.
            node = new MappingSyntax(At(mapStart.Start, mapStart.End), priority, entries);
            Count(1, mapStart);
        }
        else
        {
            var current = parser.Current;
            throw new YamlException(current?.Start ?? Mark.Empty, current?.End ?? Mark.Empty, $"unexpected {current?.GetType().Name ?? "end of input"}");
        }

        if (anchor is not null)
        {
            anchors[anchor] = (node, expanded - before);
        }

        return node;
    }

    /// <summary>
    /// Where <paramref name="key"/> was first written in this mapping, or null. Small mappings (most
    /// of a site) are scanned; a dictionary of the keys is built once a mapping grows past that.
    /// </summary>
    private static Location? FirstDefinition(List<MappingEntry> entries, ref Dictionary<string, Location>? seen, string key)
    {
        const int linearLimit = 8;
        if (seen is null)
        {
            foreach (var entry in entries)
            {
                if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                {
                    return entry.KeyLocation;
                }
            }

            if (entries.Count < linearLimit)
            {
                return null;
            }

            seen = new Dictionary<string, Location>(entries.Count * 2, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                seen.Add(entry.Key, entry.KeyLocation);
            }

            return null;
        }

        return seen.TryGetValue(key, out var first) ? first : null;
    }

    private void Count(long weight, ParsingEvent at)
    {
        lastGood = at.End;
        expanded += weight;
        if (expanded > MaxExpandedNodes)
        {
            throw new YamlException(at.Start, at.End, $"aliases expand this file to more than {MaxExpandedNodes} values");
        }
    }

    private Priority PriorityOf(TagName tag, ParsingEvent at)
    {
        if (tag.IsEmpty)
        {
            return Priority.Normal;
        }

        switch (tag.Value)
        {
            case "!default":
                return Priority.Default;
            case "!force":
                return Priority.Force;
            case "!":
                return Priority.Normal;
            default:
                if (tag.Value.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
                {
                    return Priority.Normal;
                }

                diagnostics.Add(Messages.UnknownTagError(At(at.Start, at.End), tag.Value));
                return Priority.Normal;
        }
    }

    private static bool IsNullLiteral(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    private Location At(Mark start, Mark end)
    {
        var s = (int)Math.Clamp(start.Index, 0, file.Text.Length);
        var e = (int)Math.Clamp(end.Index, s, file.Text.Length);
        return new Location(file, new TextSpan(s, e - s));
    }

    /// <summary>
    /// YamlDotNet reports a mis-indented block where it notices it: at the first line that does not
    /// fit. When a block's first line is indented too deep, that is the line after it, which is
    /// right:
    /// <code>
    ///   lab:
    ///       cidr: 10.0.0.0/24   # indented 4 under 'lab' where the file indents by 2: the mistake
    ///     vlan: 4               # YamlDotNet stops here
    /// </code>
    /// Given the error's offset, at the start of a line L, this finds L's parent P (the line above
    /// with less indentation) and the first line F under P. When F is deeper than L, and L sits one
    /// indentation step under P but F does not, F is the mis-indented line: its location and a
    /// message saying so are returned. Otherwise null: L itself is the mistake.
    /// </summary>
    private static (Location At, string Problem)? OverIndentedBlockStart(SourceFile file, int offset)
    {
        var lines = file.Text.Split('\n');
        var position = file.GetPosition(offset);
        var l = position.Line - 1;
        if (l <= 0 || l >= lines.Length || Indentation(lines[l]) is not { } i || position.Column != i + 1)
        {
            return null;
        }

        var p = l - 1;
        while (p >= 0 && (Indentation(lines[p]) is not { } pi || pi >= i))
        {
            p--;
        }

        var f = p + 1;
        while (f < l && Indentation(lines[f]) is null)
        {
            f++;
        }

        if (p < 0 || f >= l || Indentation(lines[p]) is not { } parent || Indentation(lines[f]) is not { } first || first <= i)
        {
            return null;
        }

        var step = IndentationStep(lines);
        if (i - parent != step || first - parent == step)
        {
            return null;
        }

        var at = new Location(file, new TextSpan(file.GetOffset(f + 1, first + 1), lines[f].TrimEnd('\r').Length - first));
        return (at, $"this line is indented {first - parent} spaces deeper than line {p + 1} above it, but line {l + 1} of the same block only {i - parent}: " +
            "indent the lines of one block alike");
    }

    /// <summary>The number of leading spaces of a line that holds YAML; null for a blank or comment-only line.</summary>
    private static int? Indentation(string line)
    {
        var n = 0;
        while (n < line.Length && line[n] == ' ')
        {
            n++;
        }

        return n == line.Length || line[n] is '#' or '\r' ? null : n;
    }

    /// <summary>How far this file indents a nested block: the most common step from a line to a deeper next one (the smaller on a tie; 2 when none).</summary>
    private static int IndentationStep(string[] lines)
    {
        var counts = new Dictionary<int, int>();
        int? previous = null;
        foreach (var line in lines)
        {
            if (Indentation(line) is not { } n)
            {
                continue;
            }

            if (previous is { } prev && n > prev)
            {
                counts[n - prev] = counts.GetValueOrDefault(n - prev) + 1;
            }

            previous = n;
        }

        return counts.Count == 0 ? 2 : counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
    }

    /// <summary>The first tab used for indentation (a tab among the leading whitespace of a line).</summary>
    private static Location? FirstTabIndentation(SourceFile file)
    {
        var text = file.Text;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineStart = i + 1;
            }
            else if (c == '\t' && text.AsSpan(lineStart, i - lineStart).Trim(' ').IsEmpty)
            {
                return new Location(file, new TextSpan(i, 1));
            }
        }

        return null;
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the caret already says where.
        var idx = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && idx >= 0 ? message[(idx + 3)..] : message;
    }

    private sealed class TooDeepException(Location location) : Exception
    {
        public Location Location { get; } = location;
    }
}
