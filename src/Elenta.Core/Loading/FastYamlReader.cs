using Elenta.Core.Text;

namespace Elenta.Core.Loading;

/// <summary>
/// A fast reader for the plain subset of YAML that site files are written in: block mappings and
/// sequences, flow collections, plain and quoted one-line scalars, comments, and the !default and
/// !force tags. It builds the same nodes, with the same spans, as the YamlDotNet path does.
/// Anything else — anchors, block scalars, multi-line scalars, other tags, tabs, duplicate keys,
/// any syntax error — makes it give up, and the file is read by YamlDotNet instead, which reports
/// errors precisely. The differential tests hold the two readers to the same result.
/// </summary>
internal sealed class FastYamlReader
{
    private readonly SourceFile file;
    private readonly string t;
    private int pos;

    /// <summary>Where reading stops: the text's end, or, for a piece read ahead (<see cref="ReadAhead"/>), the next piece's first line.</summary>
    private int limit;

    /// <summary>The file's largest mapping, read ahead in pieces side by side; taken where the reading reaches it.</summary>
    private Ahead? ahead;

    /// <summary>Inside a flow collection: every continuation line must be indented more than the block it sits in.</summary>
    private int flowMinIndent;

    /// <summary>
    /// How many block collections enclose the one being read. Past <see cref="YamlFileLoader.MaxDepth"/>
    /// (with the flow collections inside) the reader gives up, so YamlDotNet's path reports the file
    /// as too deep (EL0015) instead of handing a thousand-level value to the stages after it.
    /// </summary>
    private int blockDepth;

    /// <summary>
    /// Keys and short values repeat (every host has "hardware", most say "server"): such a text is
    /// looked up in a table by its hash and shares the string last made for that slot when it is
    /// the same text. A table of fixed size, one per thread that reads files, not a set of every
    /// key: a hosts file's keys are mostly host names, each written once, and a set of them grew
    /// (and was copied as it grew) with the file for nothing.
    /// </summary>
    [ThreadStatic]
    private static string?[]? shared;

    private const int SharedSlots = 4096;

    /// <summary>Values longer than this (descriptions, keys of SSH) are seldom repeated: they are not looked up.</summary>
    private const int SharedLength = 32;

    private FastYamlReader(SourceFile file)
    {
        this.file = file;
        t = file.Text;
        limit = t.Length;
    }

    private string KeyText(int start, int end) => Shared(t.AsSpan(start, end - start));

    private static string Shared(ReadOnlySpan<char> span)
    {
        if (span.Length > SharedLength)
        {
            return span.ToString();
        }

        shared ??= new string?[SharedSlots];
        ref var slot = ref shared[string.GetHashCode(span) & (SharedSlots - 1)];
        if (slot is { } known && span.SequenceEqual(known))
        {
            return known;
        }

        var text = span.ToString();
        slot = text;
        return text;
    }

    /// <summary>False when the file uses YAML beyond the subset (or is malformed); then use YamlDotNet.</summary>
    public static bool TryRead(SourceFile file, out SyntaxNode? root) => TryRead(file, out root, out _);

    /// <param name="pieces">How many pieces the file's largest mapping was read in, side by side (0: in one piece with the rest).</param>
    internal static bool TryRead(SourceFile file, out SyntaxNode? root, out int pieces)
    {
        root = null;
        pieces = 0;
        if (file.Text.AsSpan().IndexOfAny('\t', '\r') >= 0)
        {
            return false;
        }

        var reader = new FastYamlReader(file);
        if (file.Text.Length >= SplitFrom && Environment.ProcessorCount > 1)
        {
            reader.ahead = ReadAhead(file);
        }

        try
        {
            var read = reader.ahead;
            root = reader.ReadDocument();
            pieces = read is not null && reader.ahead is null ? read.Pieces : 0;
            return true;
        }
        catch (GiveUp)
        {
            root = null;
            return false;
        }
    }

    /// <summary>Thrown (and caught in <see cref="TryRead"/>) when the input leaves the subset.</summary>
    private sealed class GiveUp : Exception
    {
    }

    private static GiveUp Unsupported() => new();

    private SyntaxNode? ReadDocument()
    {
        if (!NextContentLine(out var indent))
        {
            return null;
        }

        var node = ReadBlockNodeAt(indent, null, Priority.Normal, allowScalar: true);
        if (NextContentLine(out _))
        {
            throw Unsupported(); // content left over at a lower indentation
        }

        return node;
    }

    // ---- block context ----

    /// <summary>Reads the block node whose first line starts at <see cref="pos"/> (column <paramref name="col"/>).</summary>
    private SyntaxNode ReadBlockNodeAt(int col, int? tagStart, Priority priority, bool allowScalar)
    {
        if (LineStartsDocumentMarker())
        {
            throw Unsupported();
        }

        if (IsSequenceEntry(pos))
        {
            return ReadBlockSequence(col, tagStart, priority);
        }

        if (LooksLikeKey())
        {
            return ReadBlockMapping(col, tagStart, priority);
        }

        if (!allowScalar || tagStart is not null)
        {
            throw Unsupported();
        }

        // A lone value (the whole document is a scalar or a flow collection).
        return ReadInlineValue(col, Priority.Normal, null);
    }

    private void EnterBlock()
    {
        if (++blockDepth > YamlFileLoader.MaxDepth)
        {
            throw Unsupported();
        }
    }

    private MappingSyntax ReadBlockMapping(int col, int? tagStart, Priority priority)
    {
        if (ahead is { } read && pos == read.Start && col == read.Column && blockDepth + 1 == read.Depth)
        {
            ahead = null;
            return TakeAhead(read, tagStart, priority);
        }

        EnterBlock();
        var first = pos;
        var start = entryScratch.Count;
        HashSet<string>? seen = null;
        while (true)
        {
            var key = ReadKey();
            if (pos >= limit || t[pos] != ':')
            {
                throw Unsupported();
            }

            var colonEnd = ++pos;
            if (pos < limit && t[pos] != ' ' && t[pos] != '\n')
            {
                throw Unsupported();
            }

            ThrowOnDuplicate(start, key.Value, ref seen); // YamlDotNet's path reports it

            var value = ReadValueAfterIndicator(col, colonEnd, compactSequenceAllowed: true);
            entryScratch.Add(new MappingEntry(key.Value, key.Location, value));

            if (!NextContentLine(out var indent))
            {
                break;
            }

            if (indent < col)
            {
                break;
            }

            if (indent > col || IsSequenceEntry(pos) || LineStartsDocumentMarker())
            {
                throw Unsupported();
            }
        }

        blockDepth--;
        return new MappingSyntax(At(tagStart ?? first, first), priority, TakeEntries(start));
    }

    // Entries and items are gathered on one stack per file and copied out at their exact size when
    // the mapping or sequence ends (a nested one has taken its own off by then): no list, and no
    // array grown by doubling, per mapping of a 10,000-host site.
    private readonly List<MappingEntry> entryScratch = new(32);
    private readonly List<SyntaxNode> itemScratch = new(32);

    private MappingEntry[] TakeEntries(int start) => Take(entryScratch, start);

    private SyntaxNode[] TakeItems(int start) => Take(itemScratch, start);

    /// <summary>What was pushed on <paramref name="stack"/> since <paramref name="start"/>, popped off as an array of its size.</summary>
    private static T[] Take<T>(List<T> stack, int start)
    {
        var taken = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stack)[start..].ToArray();
        stack.RemoveRange(start, taken.Length);
        return taken;
    }

    /// <summary>A mapping this long or longer finds its duplicate keys through a set, not a scan.</summary>
    private const int ScanLimit = 16;

    /// <summary>
    /// Gives up on a key the mapping begun at <paramref name="start"/> already has. A short mapping
    /// scans its few entries; a long one (the 10,000 hosts of one file) keeps its keys in
    /// <paramref name="seen"/>, made when it passes <see cref="ScanLimit"/>, so the check stays linear.
    /// </summary>
    private void ThrowOnDuplicate(int start, string key, ref HashSet<string>? seen)
    {
        var count = entryScratch.Count - start;
        if (seen is null && count < ScanLimit)
        {
            for (var i = start; i < entryScratch.Count; i++)
            {
                if (entryScratch[i].Key == key)
                {
                    throw Unsupported();
                }
            }

            return;
        }

        if (seen is null)
        {
            seen = new HashSet<string>(count * 2, StringComparer.Ordinal);
            for (var i = start; i < entryScratch.Count; i++)
            {
                seen.Add(entryScratch[i].Key);
            }
        }

        if (!seen.Add(key))
        {
            throw Unsupported();
        }
    }

    /// <param name="compact">A sequence at its key's own indentation ("key:\n- a"): YamlDotNet's span then covers the first '-'.</param>
    private SequenceSyntax ReadBlockSequence(int col, int? tagStart, Priority priority, bool compact = false)
    {
        EnterBlock();
        var dash = pos;
        var start = itemScratch.Count;
        while (true)
        {
            var entryDash = pos;
            pos++; // '-'
            SkipSpaces();
            if (AtLineEnd())
            {
                SkipComment();
                itemScratch.Add(ReadNestedOrNull(col, entryDash + 1, compactSequenceAllowed: false));
            }
            else if (IsSequenceEntry(pos))
            {
                throw Unsupported(); // "- - a"
            }
            else if (LooksLikeKey())
            {
                var keyCol = pos - LineStart(pos);
                itemScratch.Add(ReadBlockMapping(keyCol, null, Priority.Normal)); // leaves pos on the next content line
                if (!AfterNestedBlock(col, out var done))
                {
                    throw Unsupported();
                }

                if (done)
                {
                    break;
                }

                continue;
            }
            else
            {
                itemScratch.Add(ReadInlineValue(col, Priority.Normal, null));
            }

            if (!NextContentLine(out var indent) || indent < col)
            {
                break;
            }

            if (indent > col || !IsSequenceEntry(pos))
            {
                if (indent == col && LooksLikeKey())
                {
                    break; // a compact sequence ends where its mapping's next key starts
                }

                throw Unsupported();
            }
        }

        blockDepth--;
        return new SequenceSyntax(At(tagStart ?? dash, compact ? dash + 1 : dash), priority, TakeItems(start));
    }

    /// <summary>After a compact mapping inside a sequence entry: is the next line another entry, the end, or bad?</summary>
    private bool AfterNestedBlock(int col, out bool done)
    {
        done = false;
        if (pos >= limit)
        {
            done = true;
            return true;
        }

        var indent = pos - LineStart(pos);
        if (indent < col)
        {
            done = true;
            return true;
        }

        if (indent == col && IsSequenceEntry(pos))
        {
            return true;
        }

        if (indent == col && LooksLikeKey())
        {
            done = true;
            return true;
        }

        return false;
    }

    /// <summary>The value after "key:" or "- ": on the same line, or a block on the lines below, or null.</summary>
    private SyntaxNode ReadValueAfterIndicator(int col, int nullAt, bool compactSequenceAllowed)
    {
        SkipSpaces();
        if (AtLineEnd())
        {
            SkipComment();
            return ReadNestedOrNull(col, nullAt, compactSequenceAllowed);
        }

        if (t[pos] == '!')
        {
            var tagStart = pos;
            var priority = ReadTag();
            SkipSpaces();
            if (AtLineEnd())
            {
                SkipComment();
                if (!NextContentLine(out var indent) || indent < col || indent == col && !(compactSequenceAllowed && IsSequenceEntry(pos)))
                {
                    throw Unsupported(); // a tag on nothing
                }

                return indent == col
                    ? ReadBlockSequence(col, tagStart, priority, compact: true)
                    : ReadBlockNodeAt(indent, tagStart, priority, allowScalar: false);
            }

            return ReadInlineValue(col, priority, tagStart);
        }

        return ReadInlineValue(col, Priority.Normal, null);
    }

    private SyntaxNode ReadNestedOrNull(int col, int nullAt, bool compactSequenceAllowed)
    {
        var lineEnd = pos;
        if (NextContentLine(out var indent))
        {
            if (indent > col)
            {
                return ReadBlockNodeAt(indent, null, Priority.Normal, allowScalar: false);
            }

            if (indent == col && compactSequenceAllowed && IsSequenceEntry(pos))
            {
                return ReadBlockSequence(col, null, Priority.Normal, compact: true);
            }
        }

        pos = lineEnd; // nothing nested: rewind so the caller sees the next line itself
        return new ScalarSyntax(At(nullAt, nullAt), Priority.Normal, string.Empty, ScalarStyle.Plain, true);
    }

    /// <summary>A value that starts on the current line: flow collection, quoted or plain scalar.</summary>
    private SyntaxNode ReadInlineValue(int col, Priority priority, int? tagStart)
    {
        SyntaxNode node;
        var c = t[pos];
        if (c is '{' or '[')
        {
            flowMinIndent = col + 1;
            node = ReadFlowCollection(priority, tagStart, depth: 0);
        }
        else if (c is '"' or '\'')
        {
            node = ReadQuoted(priority, tagStart);
        }
        else
        {
            node = ReadPlainBlockScalar(priority, tagStart);
        }

        SkipSpaces();
        if (!AtLineEnd())
        {
            throw Unsupported();
        }

        SkipComment();

        // A plain scalar continued on a more indented line is a multi-line scalar: not in the subset.
        var lineEnd = pos;
        if (NextContentLine(out var indent) && indent > col)
        {
            throw Unsupported();
        }

        pos = lineEnd;
        return node;
    }

    private ScalarSyntax ReadPlainBlockScalar(Priority priority, int? tagStart)
    {
        var start = pos;
        if (!CanStartPlain(t[pos], pos + 1 < limit ? t[pos + 1] : '\n'))
        {
            throw Unsupported();
        }

        var end = pos;
        while (pos < limit && t[pos] != '\n')
        {
            var ch = t[pos];
            if (ch == ':' && (pos + 1 >= limit || t[pos + 1] is ' ' or '\n'))
            {
                throw Unsupported(); // "a: b: c"
            }

            if (ch == '#' && t[pos - 1] == ' ')
            {
                break;
            }

            pos++;
            if (ch != ' ')
            {
                end = pos;
            }
        }

        pos = end;
        return Plain(start, end, priority, tagStart);
    }

    private ScalarSyntax Plain(int start, int end, Priority priority, int? tagStart)
    {
        var value = Shared(t.AsSpan(start, end - start));
        var isNull = tagStart is null && value is "~" or "null" or "Null" or "NULL";
        return new ScalarSyntax(At(tagStart ?? start, end), priority, value, ScalarStyle.Plain, isNull);
    }

    // ---- keys ----

    private readonly record struct Key(string Value, Location Location);

    /// <summary>Whether the current line (at pos) is "key: ..." with a plain or quoted key.</summary>
    private bool LooksLikeKey()
    {
        var c = t[pos];
        if (c is '"' or '\'')
        {
            var close = ClosingQuote(pos);
            return close > 0 && close + 1 < limit && t[close + 1] == ':' && (close + 2 >= limit || t[close + 2] is ' ' or '\n');
        }

        if (!CanStartPlain(c, pos + 1 < limit ? t[pos + 1] : '\n'))
        {
            return false;
        }

        for (var i = pos; i < limit && t[i] != '\n'; i++)
        {
            if (t[i] == '#' && t[i - 1] == ' ')
            {
                return false;
            }

            if (t[i] == ':' && (i + 1 >= limit || t[i + 1] is ' ' or '\n'))
            {
                return true;
            }
        }

        return false;
    }

    private Key ReadKey()
    {
        if (t[pos] is '"' or '\'')
        {
            var s = ReadQuoted(Priority.Normal, null);
            return new Key(s.Value, s.Location);
        }

        if (!CanStartPlain(t[pos], pos + 1 < limit ? t[pos + 1] : '\n'))
        {
            throw Unsupported();
        }

        var start = pos;
        var end = pos;
        while (pos < limit)
        {
            var ch = t[pos];
            if (ch == ':' && (pos + 1 >= limit || t[pos + 1] is ' ' or '\n'))
            {
                break;
            }

            if (ch is '\n' or '{' or '}' or '[' or ']' or ',' || ch == '#' && t[pos - 1] == ' ')
            {
                throw Unsupported();
            }

            pos++;
            if (ch != ' ')
            {
                end = pos;
            }
        }

        if (end != pos)
        {
            throw Unsupported(); // "key :" — a space before the colon
        }

        return new Key(KeyText(start, end), At(start, end));
    }

    // ---- flow context ----

    private SyntaxNode ReadFlowCollection(Priority priority, int? tagStart, int depth)
    {
        if (depth > 100 || blockDepth + depth + 1 > YamlFileLoader.MaxDepth)
        {
            throw Unsupported();
        }

        var open = pos;
        var isMap = t[pos] == '{';
        var close = isMap ? '}' : ']';
        pos++;
        var start = isMap ? entryScratch.Count : itemScratch.Count;
        HashSet<string>? seen = null;
        SkipFlowSpace();
        if (pos < limit && t[pos] == close)
        {
            pos++;
            return isMap ? new MappingSyntax(At(tagStart ?? open, open), priority, []) : new SequenceSyntax(At(tagStart ?? open, open), priority, []);
        }

        while (true)
        {
            SkipFlowSpace();
            if (pos >= limit)
            {
                throw Unsupported();
            }

            if (isMap)
            {
                Key key;
                if (t[pos] is '"' or '\'')
                {
                    var q = ReadQuoted(Priority.Normal, null);
                    key = new Key(q.Value, q.Location);
                }
                else
                {
                    var s = ReadFlowPlain(isKey: true, Priority.Normal, null);
                    key = new Key(KeyText(s.Location.Span.Start, s.Location.Span.End), s.Location);
                }

                SkipFlowSpace();
                if (pos >= limit || t[pos] != ':')
                {
                    throw Unsupported();
                }

                pos++;
                if (pos >= limit || t[pos] is not (' ' or '\n'))
                {
                    throw Unsupported();
                }

                ThrowOnDuplicate(start, key.Value, ref seen);
                SkipFlowSpace();
                entryScratch.Add(new MappingEntry(key.Value, key.Location, ReadFlowValue(depth)));
            }
            else
            {
                itemScratch.Add(ReadFlowValue(depth));
                SkipFlowSpace();
                if (pos < limit && t[pos] == ':')
                {
                    throw Unsupported(); // "[a: 1]", a mapping inside a flow sequence
                }
            }

            SkipFlowSpace();
            if (pos >= limit)
            {
                throw Unsupported();
            }

            if (t[pos] == close)
            {
                pos++;
                break;
            }

            if (t[pos] != ',')
            {
                throw Unsupported();
            }

            pos++;
            SkipFlowSpace();
            if (pos < limit && t[pos] == close)
            {
                throw Unsupported(); // trailing comma
            }
        }

        return isMap ? new MappingSyntax(At(tagStart ?? open, open), priority, TakeEntries(start)) : new SequenceSyntax(At(tagStart ?? open, open), priority, TakeItems(start));
    }

    private SyntaxNode ReadFlowValue(int depth)
    {
        if (pos >= limit)
        {
            throw Unsupported();
        }

        var priority = Priority.Normal;
        int? tagStart = null;
        if (t[pos] == '!')
        {
            tagStart = pos;
            priority = ReadTag();
            if (pos >= limit || t[pos] != ' ')
            {
                throw Unsupported();
            }

            SkipFlowSpace();
        }

        return t[pos] switch
        {
            '{' or '[' => ReadFlowCollection(priority, tagStart, depth + 1),
            '"' or '\'' => ReadQuoted(priority, tagStart),
            ',' or '}' or ']' => throw Unsupported(), // an empty value
            _ => ReadFlowPlain(isKey: false, priority, tagStart),
        };
    }

    private ScalarSyntax ReadFlowPlain(bool isKey, Priority priority, int? tagStart)
    {
        var start = pos;
        if (!CanStartPlain(t[pos], pos + 1 < limit ? t[pos + 1] : '\n'))
        {
            throw Unsupported();
        }

        var end = pos;
        while (pos < limit)
        {
            var ch = t[pos];
            if (ch is ',' or '[' or ']' or '{' or '}')
            {
                break;
            }

            if (ch == ':' && (pos + 1 >= limit || t[pos + 1] is ' ' or '\n' or ',' or ']' or '}'))
            {
                if (!isKey)
                {
                    throw Unsupported();
                }

                break;
            }

            if (ch == '#' && t[pos - 1] == ' ')
            {
                throw Unsupported();
            }

            if (ch == '\n')
            {
                // The scalar ends at the line end only if what follows closes it.
                var look = pos;
                while (look < limit && t[look] is ' ' or '\n')
                {
                    look++;
                }

                if (look >= limit || t[look] is not (',' or ']' or '}'))
                {
                    throw Unsupported();
                }

                break;
            }

            pos++;
            if (ch != ' ')
            {
                end = pos;
            }
        }

        if (end == start)
        {
            throw Unsupported();
        }

        pos = end;
        return Plain(start, end, priority, tagStart);
    }

    // ---- scalars and tags ----

    private ScalarSyntax ReadQuoted(Priority priority, int? tagStart)
    {
        var start = pos;
        var close = ClosingQuote(pos);
        if (close < 0)
        {
            throw Unsupported();
        }

        string value;
        if (t[start] == '\'')
        {
            value = t[(start + 1)..close].Replace("''", "'", StringComparison.Ordinal);
        }
        else
        {
            value = Unescape(start + 1, close);
        }

        pos = close + 1;
        return new ScalarSyntax(At(tagStart ?? start, pos), priority, value, ScalarStyle.Quoted, false);
    }

    /// <summary>The index of the quote closing the one at <paramref name="open"/> on the same line, or -1.</summary>
    private int ClosingQuote(int open)
    {
        var quote = t[open];
        for (var i = open + 1; i < limit; i++)
        {
            var ch = t[i];
            if (ch == '\n')
            {
                return -1; // multi-line quoted scalars are folded: not in the subset
            }

            if (quote == '"' && ch == '\\')
            {
                i++;
                continue;
            }

            if (ch == quote)
            {
                if (quote == '\'' && i + 1 < limit && t[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return -1;
    }

    private string Unescape(int from, int to)
    {
        var span = t.AsSpan(from, to - from);
        if (span.IndexOf('\\') < 0)
        {
            return Shared(span);
        }

        var sb = new System.Text.StringBuilder(span.Length);
        for (var i = 0; i < span.Length; i++)
        {
            var ch = span[i];
            if (ch != '\\')
            {
                sb.Append(ch);
                continue;
            }

            if (++i >= span.Length)
            {
                throw Unsupported();
            }

            switch (span[i])
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '0': sb.Append('\0'); break;
                default: throw Unsupported();
            }
        }

        return sb.ToString();
    }

    private Priority ReadTag()
    {
        var start = pos;
        while (pos < limit && t[pos] is not (' ' or '\n'))
        {
            pos++;
        }

        return t.AsSpan(start, pos - start) switch
        {
            "!default" => Priority.Default,
            "!force" => Priority.Force,
            _ => throw Unsupported(),
        };
    }

    private static bool CanStartPlain(char c, char next) => c switch
    {
        '-' or '?' or ':' => c == '-' && next is not (' ' or '\n' or ',' or '[' or ']' or '{' or '}'),
        '{' or '}' or '[' or ']' or ',' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' => false,
        ' ' or '\n' => false,
        _ => !char.IsControl(c),
    };

    // ---- lines and whitespace ----

    /// <summary>Moves to the first non-space character of the next line with content; false at the end.</summary>
    private bool NextContentLine(out int indent)
    {
        // Finish the current line (only spaces and a comment may remain on it).
        while (pos < limit && t[pos] != '\n')
        {
            if (t[pos] == '#')
            {
                SkipComment();
                break;
            }

            if (t[pos] != ' ')
            {
                // Called at a line start with content: that content is the next line.
                if (pos == LineStart(pos) || IsOnlySpacesBefore(pos))
                {
                    indent = pos - LineStart(pos);
                    return true;
                }

                throw Unsupported();
            }

            pos++;
        }

        while (pos < limit)
        {
            pos++; // past '\n'
            var lineStart = pos;
            while (pos < limit && t[pos] == ' ')
            {
                pos++;
            }

            if (pos >= limit)
            {
                break;
            }

            if (t[pos] == '\n')
            {
                continue;
            }

            if (t[pos] == '#')
            {
                SkipComment();
                continue;
            }

            indent = pos - lineStart;
            return true;
        }

        indent = 0;
        return false;
    }

    private bool IsOnlySpacesBefore(int at)
    {
        for (var i = at - 1; i >= 0 && t[i] != '\n'; i--)
        {
            if (t[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private int LineStart(int at)
    {
        var i = at;
        while (i > 0 && t[i - 1] != '\n')
        {
            i--;
        }

        return i;
    }

    private bool IsSequenceEntry(int at) => at < limit && t[at] == '-' && (at + 1 >= limit || t[at + 1] is ' ' or '\n');

    private bool LineStartsDocumentMarker()
    {
        var ls = LineStart(pos);
        if (pos != ls || pos + 3 > limit)
        {
            return false;
        }

        var three = t.AsSpan(pos, 3);
        return (three is "---" or "...") && (pos + 3 == limit || t[pos + 3] is ' ' or '\n');
    }

    private void SkipSpaces()
    {
        while (pos < limit && t[pos] == ' ')
        {
            pos++;
        }
    }

    private bool AtLineEnd() => pos >= limit || t[pos] == '\n' || t[pos] == '#' && (pos == 0 || t[pos - 1] == ' ');

    private void SkipComment()
    {
        if (pos < limit && t[pos] == '#')
        {
            while (pos < limit && t[pos] != '\n')
            {
                pos++;
            }
        }
    }

    /// <summary>In flow context: spaces, line breaks and comments.</summary>
    private void SkipFlowSpace()
    {
        while (pos < limit)
        {
            var ch = t[pos];
            if (ch == '\n')
            {
                pos++;
                var indent = 0;
                while (pos + indent < limit && t[pos + indent] == ' ')
                {
                    indent++;
                }

                if (pos + indent < limit && t[pos + indent] is not ('\n' or '#') && indent < flowMinIndent)
                {
                    throw Unsupported(); // a flow collection continued at or left of its block's indentation
                }
            }
            else if (ch == ' ')
            {
                pos++;
            }
            else if (ch == '#' && (pos == 0 || t[pos - 1] is ' ' or '\n'))
            {
                SkipComment();
            }
            else
            {
                break;
            }
        }
    }

    private Location At(int start, int end) => new(file, new TextSpan(start, end - start));

    // ---- one large file read side by side ----

    /// <summary>A file of this many characters or more (a site kept in one file per section) is read in pieces.</summary>
    internal const int SplitFrom = 1 << 20;

    /// <summary>
    /// The entries of the block mapping that holds most of the file (a hosts file's hosts), read
    /// ahead: where it starts (its first key), at which column and nesting depth, and where the
    /// reading stood after its last entry.
    /// </summary>
    private sealed record Ahead(int Start, int Column, int Depth, MappingEntry[] Entries, int After, int Pieces);

    /// <summary>
    /// Reads the file's largest mapping in pieces on several cores, or null when there is none worth
    /// it or a piece leaves the subset (the file is then read from the start in one piece, exactly
    /// as before). In the subset every line at the mapping's own column that does not start with
    /// '-' or '#' is one of its keys (no value runs over several lines there), so the pieces begin
    /// at such lines; each is read by the same code as the whole file would be, and the pieces'
    /// entries, in order, are the mapping's. <see cref="TakeAhead"/> checks keys across pieces.
    /// </summary>
    private static Ahead? ReadAhead(SourceFile file)
    {
        if (LargestMapping(file.Text) is not { } plan)
        {
            return null;
        }

        var (keys, column, depth) = plan;
        var pieces = Math.Min(Environment.ProcessorCount * 4, keys.Count / 256);
        if (pieces < 2)
        {
            return null;
        }

        var read = new (MappingEntry[]? Entries, int After)[pieces];
        Parallel.For(0, pieces, i =>
        {
            var from = keys[(int)((long)i * keys.Count / pieces)];
            var last = i == pieces - 1;
            var reader = new FastYamlReader(file)
            {
                pos = from,
                blockDepth = depth - 1,
            };
            if (!last)
            {
                var next = keys[(int)((long)(i + 1) * keys.Count / pieces)];
                reader.limit = next - column; // the next piece's line start
            }

            try
            {
                var mapping = reader.ReadBlockMapping(column, null, Priority.Normal);
                // A piece that stops before its end met the mapping's end where none was expected.
                read[i] = last || reader.pos >= reader.limit ? ((MappingEntry[])mapping.Entries, reader.pos) : (null, 0);
            }
            catch (Exception ex) when (ex is GiveUp or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // Beyond the subset, or a piece cut where the reader did not expect an end: the
                // whole file is read in one piece, which decides.
                read[i] = (null, 0);
            }
        });

        if (read.Any(r => r.Entries is null))
        {
            return null;
        }

        return new Ahead(keys[0], column, depth, [.. read.SelectMany(r => r.Entries!)], read[^1].After, pieces);
    }

    /// <summary>The mapping read ahead, as <see cref="ReadBlockMapping"/> would have read it.</summary>
    private MappingSyntax TakeAhead(Ahead read, int? tagStart, Priority priority)
    {
        EnterBlock();
        var first = pos;
        var seen = new HashSet<string>(read.Entries.Length, StringComparer.Ordinal);
        foreach (var entry in read.Entries)
        {
            if (!seen.Add(entry.Key))
            {
                throw Unsupported(); // YamlDotNet's path reports it
            }
        }

        pos = read.After;
        blockDepth--;
        return new MappingSyntax(At(tagStart ?? first, first), priority, read.Entries);
    }

    /// <summary>
    /// Descends from the top mapping into the child that holds more than half of the text, while that
    /// child's value is a block mapping; gives the key positions of the mapping it stops at, their
    /// column and the mapping's nesting depth (the top one's is 1). Null when the file is no mapping.
    /// </summary>
    private static (List<int> Keys, int Column, int Depth)? LargestMapping(string t)
    {
        var (begin, column) = NextLine(t, 0, t.Length);
        if (begin < 0 || t[begin + column] == '-')
        {
            return null;
        }

        var to = t.Length;
        for (var depth = 1; depth <= YamlFileLoader.MaxDepth; depth++)
        {
            var keys = new List<int>();
            for (var (line, indent) = (begin, column); line >= 0; (line, indent) = NextLine(t, LineEnd(t, line), to))
            {
                if (indent == column && t[line + indent] != '-')
                {
                    keys.Add(line + indent);
                }
            }

            var largest = -1;
            var largestSize = 0;
            for (var i = 0; i < keys.Count; i++)
            {
                var size = (i + 1 < keys.Count ? keys[i + 1] : to + column) - keys[i];
                if (size > largestSize)
                {
                    (largest, largestSize) = (i, size);
                }
            }

            if (largest < 0 || largestSize * 2 <= to - begin)
            {
                return (keys, column, depth);
            }

            // Into the largest child when its value is a block mapping on the lines below its key.
            var childEnd = largest + 1 < keys.Count ? keys[largest + 1] - column : to;
            var (inner, innerColumn) = NextLine(t, LineEnd(t, keys[largest] - column), childEnd);
            if (inner < 0 || innerColumn <= column || t[inner + innerColumn] == '-')
            {
                return (keys, column, depth);
            }

            (begin, column, to) = (inner, innerColumn, childEnd);
        }

        return null;
    }

    /// <summary>The start of the first line at or after <paramref name="from"/> (a line start) and before <paramref name="to"/> with content (not blank, not a comment), and its indentation; -1 when there is none.</summary>
    private static (int Line, int Indent) NextLine(string t, int from, int to)
    {
        for (var line = from; line < to; line = LineEnd(t, line))
        {
            var at = line;
            while (at < to && t[at] == ' ')
            {
                at++;
            }

            if (at < to && t[at] is not ('\n' or '#'))
            {
                return (line, at - line);
            }
        }

        return (-1, 0);
    }

    /// <summary>The start of the line after the one <paramref name="line"/> is on (the text's length after the last).</summary>
    private static int LineEnd(string t, int line)
    {
        var newline = t.IndexOf('\n', line);
        return newline < 0 ? t.Length : newline + 1;
    }
}
