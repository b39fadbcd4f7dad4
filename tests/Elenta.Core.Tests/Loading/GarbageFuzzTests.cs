using System.Text;

namespace Elenta.Core.Tests.Loading;

/// <summary>
/// Feeds generated garbage through the whole pipeline: random bytes, token soup, truncated and
/// mutated copies of the reference site's own files. Nothing may throw; garbage must be reported.
/// </summary>
public class GarbageFuzzTests
{
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ": ", "- ", ",", "\n", "  ", "\t", "&a ", "*a", "!force ", "!default ", "!!str ", "!x ", "'", "\"",
        "#", "---\n", "...", "|\n", ">\n", "? ", "cadaster", "compute", "toto", "ip", "10.0.0.1", "8GiB", "null", "~", "true",
        "networks", "cidr", "10.0.0.0/8", "roles", "constellations", "machines", "vms", "\\u0000", "%YAML 1.2\n", "<<: ", "@", "`",
    ];

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(0, 60).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TokenSoupNeverThrows(int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        var count = random.Next(1, 400);
        for (var i = 0; i < count; i++)
        {
            sb.Append(Tokens[random.Next(Tokens.Length)]);
        }

        foreach (var ext in new[] { "yaml", "json" })
        {
            var c = TestSite.Minimal().File($"soup.{ext}", sb.ToString()).Compile();
            SiteInvariants.AssertLocated(c);
            AssertReportedOrRead(c, $"soup.{ext}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomBytesAreReported(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[random.Next(1, 4096)];
        random.NextBytes(bytes);
        var c = TestSite.Minimal().File("noise.yaml", bytes).Compile();
        Assert.True(c.HasErrors, "random bytes should not load cleanly");
        Assert.All(c.Diagnostics.Where(d => d.IsError), d => Assert.NotNull(d.Location));
    }

    [Fact]
    public void TruncatedAndMutatedReferenceFilesNeverThrow()
    {
        var root = ExampleSites.Directory("emerald-city");
        var files = Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var random = new Random(42);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            for (var i = 0; i < 12; i++)
            {
                var cut = text[..random.Next(text.Length)];
                var c = TestSite.Minimal().File("cut.yaml", cut).Compile();
                SiteInvariants.AssertLocated(c);
                AssertReportedOrRead(c, "cut.yaml");
                var chars = text.ToCharArray();
                for (var m = 0; m < 5; m++)
                {
                    chars[random.Next(chars.Length)] = "{}[]:-,'\"#&*!\t\n x0"[random.Next(18)];
                }

                c = TestSite.Minimal().File("mutated.yaml", new string(chars)).Compile();
                SiteInvariants.AssertLocated(c);
                AssertReportedOrRead(c, "mutated.yaml");
            }
        }
    }

    /// <summary>
    /// A file either contributes to the site, or says nothing at all (comments, an empty document),
    /// or has an error located in it: it is never dropped silently.
    /// </summary>
    private static void AssertReportedOrRead(Compilation c, string name)
    {
        var file = c.Loaded.Files.Single(f => f.Source.Path.EndsWith("/" + name, StringComparison.Ordinal) || f.Source.Path == name);
        if (file.Root is not null || SaysNothing(file.Source.Text))
        {
            return;
        }

        Assert.True(c.Diagnostics.Any(d => d.IsError && d.Location?.File == file.Source),
            $"{name} was dropped without an error in it:\n{file.Source.Text}\n{DiagnosticAssertions.Describe(c.Diagnostics)}");
    }

    private static bool SaysNothing(string text) =>
        text.Split('\n').Select(l => l.Trim()).All(l => l.Length == 0 || l.StartsWith('#') || l is "---" or "..." or "~" or "null" or "{}");

    [Fact]
    public void TenMegabytesOfGarbageIsReportedNotFatal()
    {
        var random = new Random(7);
        var sb = new StringBuilder(10 * 1024 * 1024);
        while (sb.Length < 10 * 1024 * 1024)
        {
            sb.Append(Tokens[random.Next(Tokens.Length)]);
        }

        var c = TestSite.Minimal().File("huge.yaml", sb.ToString()).Compile();
        Assert.True(c.HasErrors);
    }

    [Fact]
    public void ALargeValidFileLoads()
    {
        var sb = new StringBuilder("cadaster:\n  compute:\n");
        for (var i = 0; i < 20_000; i++)
        {
            sb.Append($"    h{i}:\n      hardware: {{ cpus: 4, memory: 8GiB }}\n      tags: [bulk, n{i % 7}]\n");
        }

        var c = TestSite.Minimal().File("bulk.yaml", sb.ToString()).Compile(analyze: false);
        c.Diagnostics.Clean();
        Assert.Equal(20_002, c.Site!.Cadaster.Hosts.Count);
    }
}
