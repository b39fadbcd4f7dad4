using System.Text;
using Elenta.Core.Diagnostics;
using Elenta.Core.Loading;
using Elenta.Core.Text;

namespace Elenta.Core.Tests.Loading;

/// <summary>
/// The fast reader against YamlDotNet: whatever the fast reader accepts must come out exactly as
/// YamlDotNet's path builds it — same values, styles, priorities and spans — and it must accept
/// the files sites are really written in, or it would not make anything faster.
/// </summary>
public class FastYamlReaderTests
{
    private static IEnumerable<string> RealFiles() =>
        new[] { "examples", Path.Combine("tests", "baselines", "cases") }
            .SelectMany(d => Directory.GetFiles(Path.Combine(ExampleSites.RepoRoot, d), "*.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void AcceptsEveryRealSiteFileAndAgreesWithYamlDotNet()
    {
        foreach (var path in RealFiles())
        {
            var source = new SourceFile(path, File.ReadAllText(path));
            if (path.Contains("yaml-syntax", StringComparison.Ordinal))
            {
                continue; // the broken example of a syntax error: YamlDotNet's path must report it
            }

            Assert.True(FastYamlReader.TryRead(source, out var fast), $"the fast reader gave up on {path}");
            AssertSame(path, source, fast);
        }
    }

    [Theory]
    [InlineData("a: 1\nb:\n  c: x  \n  d: [p, q]\ne:\nf: { g: h, i: \"j\" }\nl:\n- m\n- n: o\n  p: q\nr: !force\n  s: t\nu: sw:1\nv: {w: x:1}\n")]
    [InlineData("a:   \nb: # c\n  d: 1\ne:\n- x\n-\n- { y: 1 }\nf: !force 64\ng: !default [1]\n\"h i\": 'it''s'\nj: a#b # c\nk: {}\nl: []\nm: \"q\\\"r\\n\"\nn: ~\n")]
    [InlineData("# only a comment\n")]
    [InlineData("")]
    [InlineData("list:\n  - a\n  - b: 1\n    c: [x,\n       y]\n  -\n  - 'q'\n")]
    [InlineData("top:\n  deep:\n    deeper:\n      deepest: ok\n  back: 2\nlast: 3")]
    [InlineData("a: {b: {c: [1, 2, {d: e}]}, f: g}\n")]
    [InlineData("x: !default\n  - 1\n  - 2\ny: !force { a: 1 }\n")]
    [InlineData("ip6: fd00::1\nurl: http://toto.canon:8080/netboot\nneg: -1\nk: a - b\n")]
    public void AgreesWithYamlDotNetOnTheSubset(string text)
    {
        var source = new SourceFile("t.yaml", text);
        Assert.True(FastYamlReader.TryRead(source, out var fast), "the fast reader gave up");
        AssertSame("t.yaml", source, fast);
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: |\n  text\n")]
    [InlineData("a: b\n  continued\n")]
    [InlineData("a: \"multi\n  line\"\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a:\tb\n")]
    [InlineData("--- \na: 1\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("a: [1, 2,]\n")]
    [InlineData("a: { b: 1\n")]
    [InlineData("? a\n: b\n")]
    public void GivesUpBeyondTheSubset(string text)
    {
        Assert.False(FastYamlReader.TryRead(new SourceFile("t.yaml", text), out _));
    }

    /// <summary>A mapping of <paramref name="count"/> keys, block or flow, with key <paramref name="repeatAt"/> a copy of key 3 when given.</summary>
    private static string LongMapping(int count, bool flow, int? repeatAt)
    {
        var keys = Enumerable.Range(0, count).Select(i => i == repeatAt ? "k3" : $"k{i}");
        return flow
            ? "m: {" + string.Join(", ", keys.Select(k => $"{k}: 1")) + "}\n"
            : "m:\n" + string.Concat(keys.Select(k => $"  {k}: {{ a: 1 }}\n"));
    }

    // Duplicates in a long mapping are found through a set rather than a scan of the entries
    // before each key (which made one 10,000-host file quadratic to read): the answer must not change.
    [Theory]
    [InlineData(10, false)]
    [InlineData(17, false)]
    [InlineData(5000, false)]
    [InlineData(10, true)]
    [InlineData(5000, true)]
    public void LongMappingsStayOnTheFastPathAndAgreeWithYamlDotNet(int count, bool flow)
    {
        var source = new SourceFile("t.yaml", LongMapping(count, flow, repeatAt: null));
        Assert.True(FastYamlReader.TryRead(source, out var fast), "the fast reader gave up");
        AssertSame("t.yaml", source, fast);
    }

    [Theory]
    [InlineData(10, 7, false)]
    [InlineData(40, 15, false)]
    [InlineData(40, 16, false)]
    [InlineData(40, 39, false)]
    [InlineData(5000, 4321, false)]
    [InlineData(40, 16, true)]
    [InlineData(5000, 4999, true)]
    public void ADuplicateKeyAnywhereInALongMappingGoesToYamlDotNet(int count, int repeatAt, bool flow)
    {
        var source = new SourceFile("t.yaml", LongMapping(count, flow, repeatAt));
        Assert.False(FastYamlReader.TryRead(source, out _), "the fast reader missed the duplicate key");
        var diagnostics = new List<Diagnostic>();
        YamlFileLoader.Load(source, diagnostics);
        var duplicate = Assert.Single(diagnostics);
        Assert.Equal(Messages.DuplicateKeyError(duplicate.Location!.Value, "k3", duplicate.Location.Value).Code, duplicate.Code);
        Assert.Contains("k3", duplicate.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A file over <see cref="FastYamlReader.SplitFrom"/>: a mapping of <paramref name="hosts"/> hosts
    /// under cadaster.hosts, each with nested mappings, a compact sequence at the hosts' own column's
    /// depth below, flow collections (one over two lines), tags, comments and blank lines, then a
    /// sibling mapping of <paramref name="others"/> entries the largest mapping ends at.
    /// </summary>
    private static string LargeFile(int hosts, int others, Func<int, string?>? host = null)
    {
        var b = new StringBuilder("# one file per section\ncadaster:\n  hosts:\n");
        for (var i = 0; i < hosts; i++)
        {
            if (host?.Invoke(i) is { } special)
            {
                b.Append(special);
                continue;
            }

            b.Append($"    n{i:D6}:\n");
            b.Append("      hardware: { arch: x86_64, model: \"R640\" }\n");
            b.Append($"      cpus: {i % 64}\n");
            if (i % 7 == 0)
            {
                b.Append("    # a comment at the hosts' column\n\n");
            }

            b.Append("      interfaces:\n");
            b.Append($"      - {{ name: eno1, mac: \"02:00:00:{i / 65536 % 256:x2}:{i / 256 % 256:x2}:{i % 256:x2}\" }}\n");
            b.Append("      - name: eno2\n        tags: [a,\n          b]\n");
            b.Append(i % 3 == 0 ? "      roles: !force [web]\n" : "      roles: !default\n        - db\n");
        }

        b.Append("  others:\n");
        for (var i = 0; i < others; i++)
        {
            b.Append($"    o{i}: {{ k: 'v' }}\n");
        }

        return b.Append("settings:\n  name: large\n").ToString();
    }

    [Theory]
    [InlineData(12000, 10)]
    [InlineData(12000, 11000)]
    public void ALargeFileIsReadInPiecesAndAgreesWithYamlDotNet(int hosts, int others)
    {
        var source = new SourceFile("t.yaml", LargeFile(hosts, others));
        Assert.True(source.Text.Length >= FastYamlReader.SplitFrom);
        Assert.True(FastYamlReader.TryRead(source, out var fast, out var pieces), "the fast reader gave up");
        Assert.True(pieces > 1 || Environment.ProcessorCount == 1, $"read in {pieces} piece(s)");
        AssertSame("t.yaml", source, fast);
    }

    [Theory]
    [InlineData(11999)] // the last piece
    [InlineData(6000)] // one in the middle
    public void ADuplicateKeyInAnotherPieceGoesToYamlDotNet(int at)
    {
        var source = new SourceFile("t.yaml", LargeFile(12000, 0, i => i == at ? "    n000003: { cpus: 1 }\n" : null));
        Assert.False(FastYamlReader.TryRead(source, out _), "the fast reader missed the duplicate key");
        var diagnostics = new List<Diagnostic>();
        YamlFileLoader.Load(source, diagnostics);
        Assert.Contains(diagnostics, d => d.Message.Contains("n000003", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("    n006000:\n      tags: [a,\n    b]\n")] // a flow collection's line at the hosts' column: beyond the subset
    [InlineData("    n006000: |\n      text\n")] // a block scalar: beyond the subset
    [InlineData("   n006000: 1\n")] // the mapping ends in the middle of a piece, at a line no mapping can continue with
    public void AFileThatLeavesTheSubsetInOnePieceIsReadAsBefore(string special)
    {
        // Read in one piece, the fast reader gives up on such a file: read in pieces, it must too,
        // and not piece together a tree of what it could read.
        var source = new SourceFile("t.yaml", LargeFile(12000, 0, i => i == 6000 ? special : null));
        Assert.False(FastYamlReader.TryRead(source, out _));
    }

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ": ", "- ", ",", "\n", "  ", "    ", "'", "\"", "#", " #", "!force ", "!default ", "a", "b1", "c-d", "10.0.0.1",
        "x:y", "~", "null", "\n  ", "\n- ", "\n  - ", "key: ", "\n    k: ", "[1, 2]", "{ a: b }", "'q'", "\"w\"", "---",
    ];

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(0, 1000).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomDocumentsAreReadAlikeOrLeftToYamlDotNet(int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        var count = random.Next(1, 60);
        for (var i = 0; i < count; i++)
        {
            sb.Append(Tokens[random.Next(Tokens.Length)]);
        }

        var source = new SourceFile("soup.yaml", sb.ToString());
        if (FastYamlReader.TryRead(source, out var fast))
        {
            AssertSame($"seed {seed}: {sb.ToString().Replace("\n", "\\n")}", source, fast);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(10)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(38)]
    public void MutatedRealFilesAreReadAlikeOrLeftToYamlDotNet(int seed)
    {
        var random = new Random(seed);
        foreach (var path in RealFiles())
        {
            var text = File.ReadAllText(path);
            for (var i = 0; i < 20; i++)
            {
                var chars = text.ToCharArray();
                for (var m = 0; m < 3; m++)
                {
                    chars[random.Next(chars.Length)] = "{}[]:-,'\"# x0\n!"[random.Next(15)];
                }

                var mutated = new string(chars);
                var source = new SourceFile(path, mutated);
                if (FastYamlReader.TryRead(source, out var fast))
                {
                    AssertSame($"{path} mutated #{i}:\n{mutated}", source, fast);
                }
            }
        }
    }

    private static void AssertSame(string what, SourceFile source, SyntaxNode? fast)
    {
        var diagnostics = new List<Diagnostic>();
        var slow = YamlFileLoader.LoadWithYamlDotNet(source, diagnostics);
        Assert.True(diagnostics.Count == 0, $"{what}: the fast reader accepted what YamlDotNet rejects: {string.Join("; ", diagnostics.Select(d => d.Message))}");
        var difference = Difference("$", slow, fast);
        Assert.True(difference is null, $"{what}: {difference}");
    }

    private static string? Difference(string path, SyntaxNode? a, SyntaxNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? null : $"{path}: one reader has no node ({a?.KindName ?? "null"} vs {b?.KindName ?? "null"})";
        }

        if (a.GetType() != b.GetType() || a.Priority != b.Priority || a.Location.Span != b.Location.Span)
        {
            return $"{path}: {a.KindName} {a.Priority} {a.Location.Span} vs {b.KindName} {b.Priority} {b.Location.Span}";
        }

        switch (a, b)
        {
            case (ScalarSyntax x, ScalarSyntax y):
                return x.Value == y.Value && x.Style == y.Style && x.IsNull == y.IsNull ? null : $"{path}: '{x.Value}' {x.Style} null={x.IsNull} vs '{y.Value}' {y.Style} null={y.IsNull}";
            case (SequenceSyntax x, SequenceSyntax y):
                if (x.Items.Count != y.Items.Count)
                {
                    return $"{path}: {x.Items.Count} items vs {y.Items.Count}";
                }

                for (var i = 0; i < x.Items.Count; i++)
                {
                    if (Difference($"{path}[{i}]", x.Items[i], y.Items[i]) is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case (MappingSyntax x, MappingSyntax y):
                if (x.Entries.Count != y.Entries.Count)
                {
                    return $"{path}: {x.Entries.Count} entries vs {y.Entries.Count}";
                }

                for (var i = 0; i < x.Entries.Count; i++)
                {
                    var (ex, ey) = (x.Entries[i], y.Entries[i]);
                    if (ex.Key != ey.Key || ex.KeyLocation.Span != ey.KeyLocation.Span)
                    {
                        return $"{path}: key '{ex.Key}' {ex.KeyLocation.Span} vs '{ey.Key}' {ey.KeyLocation.Span}";
                    }

                    if (Difference($"{path}.{ex.Key}", ex.Value, ey.Value) is { } d)
                    {
                        return d;
                    }
                }

                return null;
            default:
                return $"{path}: unexpected node types";
        }
    }
}
