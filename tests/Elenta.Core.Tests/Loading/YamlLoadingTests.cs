using System.Text;
using Elenta.Core.Diagnostics;
using Elenta.Core.Loading;
using Elenta.Core.Text;

namespace Elenta.Core.Tests.Loading;

public class YamlLoadingTests
{
    private static (Location? Location, string Text) Under(Diagnostic d) =>
        (d.Location, d.Location is null ? string.Empty : d.Location!.Value.File.Text.Substring(d.Location!.Value.Span.Start, d.Location!.Value.Span.Length));

    // A site kept in one file per section holds 100,000 hosts in an 84 MB file: it is read, on the
    // fast reader, and only a file past the limit is refused (EL0005).
    [Fact]
    public void AFileOverSixtyFourMegabytesIsReadAndOnePastTheLimitIsRefused()
    {
        var big = new StringBuilder("site: big\n");
        while (big.Length < (65L << 20))
        {
            big.Append("# a long comment line, as a generated file of many hosts would be long ......................\n");
        }

        var fs = new InMemoryFileSystem().Add("/s/elenta.yaml", big.ToString());
        var diagnostics = new DiagnosticBag();
        var loaded = SiteLoader.LoadFile("/s/elenta.yaml", fs, null, diagnostics, null);
        Assert.Empty(diagnostics.ToSortedList());
        Assert.NotNull(loaded.Root);
        Assert.True(FastYamlReader.TryRead(loaded.Source, out _), "a large file fell off the fast reader");

        var tooBig = new InMemoryFileSystem().Add("/s/elenta.yaml", new byte[SiteLoader.MaxFileBytes + 1]);
        SiteLoader.LoadFile("/s/elenta.yaml", tooBig, null, diagnostics, null);
        Assert.Equal("EL0005", Assert.Single(diagnostics.ToSortedList()).Code);
    }

    [Fact]
    public void SyntaxErrorPointsAtTheLine()
    {
        var c = TestSite.Create().File("a.yaml", "networks:\n  lab: { cidr: 10.0.0.0/24\n  other: 1\n").Compile();
        var d = c.Diagnostics.Single("EL0001");
        Assert.Equal("a.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.InRange(d.Location!.Value.Start.Line, 2, 4);
    }

    [Fact]
    public void TabIndentationPointsAtTheTab()
    {
        var c = TestSite.Create().File("a.yaml", "cadaster:\n  compute:\n\ttoto: {}\n").Compile();
        var d = c.Diagnostics.Single("EL0001");
        Assert.Equal(3, d.Location!.Value.Start.Line);
        Assert.Equal(1, d.Location!.Value.Start.Column);
        Assert.Contains("tab", d.Message);
    }

    [Fact]
    public void AnOverIndentedFirstLineOfABlockIsWhereTheCaretGoes()
    {
        // 'cidr' is indented 4 under 'lab' in a file that indents by 2; YAML notices at 'vlan'.
        var c = TestSite.Create().File("a.yaml", "networks:\n  lab:\n      cidr: 10.0.0.0/24\n    vlan: 4\n  other:\n    cidr: 10.1.0.0/24\n").Compile();
        var d = c.Diagnostics.Single("EL0001");
        Assert.Equal(3, d.Location!.Value.Start.Line);
        Assert.Equal(7, d.Location!.Value.Start.Column);
        Assert.Equal("cidr: 10.0.0.0/24", Under(d).Text);
        Assert.Contains("indented 4 spaces", d.Message);
    }

    [Theory]
    [InlineData("networks:\n  lab:\n    cidr: 10.0.0.0/24\n   vlan: 4\n", 4, 4)] // one space short
    [InlineData("networks:\n  lab:\n    cidr: 10.0.0.0/24\n     vlan: 4\n    gateway: 10.0.0.1\n", 4, 10)] // one space too many, after a value
    [InlineData("cadaster:\n  compute:\n    a:\n      hardware:\n        cpus: 4\n     memory: 8GiB\n", 6, 6)]
    public void AMisIndentedLineThatIsNotABlockStartKeepsTheCaret(string yaml, int line, int column)
    {
        var d = TestSite.Create().File("a.yaml", yaml).Compile().Diagnostics.Single("EL0001");
        Assert.Equal(line, d.Location!.Value.Start.Line);
        Assert.Equal(column, d.Location!.Value.Start.Column);
    }

    [Fact]
    public void DuplicateKeysNameBothPlaces()
    {
        var c = TestSite.Create().File("a.yaml", "networks:\n  lab: { cidr: 10.0.0.0/24 }\n  lab: { cidr: 10.1.0.0/24 }\n").Compile();
        var d = c.Diagnostics.Single("EL0003");
        Assert.Equal(3, d.Location!.Value.Start.Line);
        Assert.Equal(3, d.Location!.Value.Start.Column);
        Assert.Equal(2, d.Related.Single().Location.Start.Line);
    }

    [Fact]
    public void UnknownTagIsReported()
    {
        var c = TestSite.Create().File("a.yaml", "site: !important x\n").Compile();
        var d = c.Diagnostics.Single("EL0008");
        Assert.Contains("!important", d.Message);
    }

    [Fact]
    public void SecondDocumentIsRejected()
    {
        var c = TestSite.Create().File("a.yaml", "networks: {}\n---\nroles: {}\n").Compile();
        Assert.Equal(2, c.Diagnostics.Single("EL0009").Location!.Value.Start.Line);
    }

    [Fact]
    public void TopLevelMustBeAMapping()
    {
        var c = TestSite.Create().File("a.yaml", "- just\n- a list\n").Compile();
        Assert.Contains("a list", c.Diagnostics.Single("EL0010").Message);
    }

    [Fact]
    public void BinaryFileIsNotText()
    {
        var c = TestSite.Create().File("a.yaml", new byte[] { 0x6e, 0x65, 0x00, 0x01, 0xff }).Compile();
        Assert.Contains("NUL", c.Diagnostics.Single("EL0004").Message);
    }

    [Fact]
    public void InvalidUtf8IsNotText()
    {
        var c = TestSite.Create().File("a.yaml", new byte[] { 0x61, 0x3a, 0x20, 0xc3, 0x28 }).Compile();
        Assert.Contains("UTF-8", c.Diagnostics.Single("EL0004").Message);
    }

    [Fact]
    public void DeepNestingIsADiagnosticNotAStackOverflow()
    {
        var text = "a: " + new string('[', 5000) + new string(']', 5000) + "\n";
        var c = TestSite.Create().File("a.yaml", text).Compile();
        Assert.True(c.HasErrors);
        Assert.Contains(c.Diagnostics, d => d.Code is "EL0015" or "EL0001");
    }

    /// <summary>
    /// Found by hand-fed hostile input: block nesting, which the fast reader read to any depth, got
    /// past the 200-level limit; a thousand levels in a role's nixos payload or extraOpts crashed
    /// every view writer (System.Text.Json's depth limit) in show and build.
    /// </summary>
    [Theory]
    [InlineData(201, true)]
    [InlineData(1200, true)]
    [InlineData(150, false)]
    public void DeepBlockNestingIsTooDeepWhicheverReaderReadsIt(int levels, bool tooDeep)
    {
        var text = new StringBuilder("roles:\n  r:\n    config:\n      nixos:\n");
        for (var i = 0; i < levels - 4; i++)
        {
            text.Append(' ', 8 + i).Append("k:\n");
        }

        text.Append(' ', 8 + levels - 4).Append("v: 1\n");
        var c = TestSite.Minimal().File("deep.yaml", text.ToString()).Compile();
        if (tooDeep)
        {
            Assert.EndsWith("deep.yaml", c.Diagnostics.Single("EL0015").Location!.Value.File.Path);
        }
        else
        {
            c.Diagnostics.None("EL0015");
            Assert.False(c.HasErrors, DiagnosticAssertions.Describe(c.Diagnostics));
        }
    }

    [Fact]
    public void AliasBombIsStopped()
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            sb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var c = TestSite.Create().File("a.yaml", sb.ToString()).Compile();
        var d = c.Diagnostics.Single("EL0001");
        Assert.Contains("aliases", d.Message);
        Assert.StartsWith("an anchor's value is repeated each time an alias names it", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesKeepTheirSpans()
    {
        var c = TestSite.Minimal().Compile();
        var alpha = c.Site!.Cadaster.Hosts["alpha"]!;
        var ip = alpha.Canon["lab"]!.Node;
        var mem = ((Elenta.Core.Merging.MergedMapping)alpha.Node["hardware"]!)["memory"]!;
        Assert.Equal("hosts.yaml", Path.GetFileName(mem.Location.File.Path));
        Assert.Equal("32GiB", mem.Location.File.Text.Substring(mem.Location.Span.Start, mem.Location.Span.Length));
        Assert.Equal(6, ip.Location.Start.Line);
    }

    [Fact]
    public void EmptyFileContributesNothing()
    {
        TestSite.Minimal().File("empty.yaml", "").File("comment.yaml", "# nothing\n").Compile().Diagnostics.Clean();
    }

    [Fact]
    public void JsonFilesMergeWithYaml()
    {
        var c = TestSite.Minimal().File("extra.json", """{ "networks": { "dmz": { "cidr": "10.9.0.0/24" } } }""").Compile();
        c.Diagnostics.Clean();
        Assert.NotNull(c.Site!.Networks["dmz"]);
        var node = c.Site.Networks["dmz"]!.Node["cidr"]!;
        Assert.Equal("extra.json", Path.GetFileName(node.Location.File.Path));
        Assert.Equal(1, node.Location.Start.Line);
        Assert.Equal(34, node.Location.Start.Column);
    }

    [Fact]
    public void JsonDuplicateKeysAndSyntaxErrors()
    {
        var c = TestSite.Create().File("a.json", "{ \"networks\": {}, \"networks\": {} }").File("b.json", "{ \"roles\": { \n  \"x\": [1, 2,, ] } }").Compile();
        Assert.Single(c.Diagnostics.Single("EL0003").Related);
        var syntax = c.Diagnostics.Single("EL0002");
        Assert.Equal(2, syntax.Location!.Value.Start.Line);
    }

    [Fact]
    public void SiteWithoutSettingsFileIsReported()
    {
        var fs = new InMemoryFileSystem().Add("/site/a.yaml", "networks: {}\n");
        var c = Compilation.Create("/site", fs, null);
        Assert.Contains("elenta.yaml", c.Diagnostics.Single("EL0011").Message);
        var missing = Compilation.Create("/nowhere", fs, null);
        Assert.Contains("does not exist", missing.Diagnostics.Single("EL0011").Message);
    }

    [Fact]
    public void HiddenIgnoredNestedSitesAndFlakesAreSkipped()
    {
        var c = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\nignore: [out]\n")
            .File(".git/config.yaml", "garbage: [")
            .File("out/manifest.json", "{ not json")
            .File("flake.nix", "{ outputs = { self }: { }; }")
            .File("nixos/flake.nix", "{ outputs = { self }: { }; }")
            .File("nested/elenta.yaml", "site: other\n")
            .File("nested/x.yaml", "site: clash\n")
            .Compile();
        c.Diagnostics.Clean();
    }

    [Fact]
    public void OverlaysAreMergedAndMissingOnesReported()
    {
        var c = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\noverlays: [../private, ../missing]\n")
            .Outside("/private/keys.yaml", "cadaster:\n  compute:\n    beta:\n      tags: [secret]\n")
            .Compile();
        var d = c.Diagnostics.Single("EL0012");
        Assert.Contains("../missing", d.Message);
        Assert.Equal(["secret"], c.Site!.Cadaster.Hosts["beta"]!.Tags);
    }

    [Fact]
    public void AnOverlayThatHoldsABuildIsReportedAndNotRead()
    {
        var c = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\noverlays: [../private]\n")
            .Outside("/private/keys.yaml", "cadaster:\n  compute:\n    beta:\n      tags: [secret]\n")
            .Outside("/private/.elenta-output", "This directory is the output of `elenta build`\n")
            .Outside("/private/views/beta.json", "{ \"schemaVersion\": 1 }\n")
            .Compile();
        var d = c.Diagnostics.Single("EL0016");
        Assert.Contains("overlay directory '../private' holds a build's output", d.Message);
        Assert.Equal("elenta.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.Equal(["EL0016"], c.Diagnostics.Select(x => x.Code).Distinct()); // views/beta.json was not read as site data
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("/")]
    public void AnOverlayThatIsTheSiteOrHoldsItIsReported(string overlay)
    {
        var c = TestSite.Minimal().File("elenta.yaml", $"site: mini\noverlays: [\"{overlay}\"]\n")
            .File("tags.yaml", "cadaster:\n  compute:\n    beta:\n      tags: [once]\n").Compile();
        var d = c.Diagnostics.Single("EL0017");
        Assert.Contains($"overlay directory '{overlay}' is the site's own directory or holds it", d.Message);
        Assert.Equal(["once"], c.Site!.Cadaster.Hosts["beta"]!.Tags); // not read twice
    }

    /// <summary>On disk, a path keeps its trailing separator ("./", "private/"): it names the same directory.</summary>
    [Theory]
    [InlineData("./", "EL0017")]
    [InlineData("private/", null)]
    public void AnOverlayWithATrailingSeparatorIsTheSameDirectory(string overlay, string? code)
    {
        var dir = Directory.CreateTempSubdirectory("elenta-overlay-").FullName;
        try
        {
            var site = TestSite.Minimal().File("elenta.yaml", $"site: mini\noverlays: [\"{overlay}\"]\n")
                .File("private/tags.yaml", "cadaster:\n  compute:\n    beta:\n      tags: [once]\n");
            site.Compile();
            foreach (var path in site.FileSystem.GetFiles("/site").Concat(site.FileSystem.GetFiles("/site/private")))
            {
                var target = Path.Combine(dir, Path.GetRelativePath("/site", path));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, site.FileSystem.ReadAllBytes(path));
            }

            var c = Compilation.Create(dir + "/", new Support.DiskFileSystem(), nix: null);
            Assert.Equal(code is null ? [] : [code], c.Diagnostics.Where(d => d.IsError).Select(d => d.Code).Distinct());
            Assert.Equal(["once"], c.Site!.Cadaster.Hosts["beta"]!.Tags);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AnOverlayInsideTheSiteIsReadOnce()
    {
        var c = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\noverlays: [private]\n")
            .File("private/keys.yaml", "cadaster:\n  compute:\n    beta:\n      tags: [secret]\n")
            .Compile();
        c.Diagnostics.Clean();
        Assert.Equal(["secret"], c.Site!.Cadaster.Hosts["beta"]!.Tags);
    }

    [Fact]
    public void ADirectoryThatCannotBeListedIsReportedAndTheRestRead()
    {
        var site = TestSite.Minimal().File("locked/more.yaml", "cadaster:\n  compute:\n    beta:\n      tags: [hidden]\n");
        site.Compile(); // adds elenta.yaml
        var c = Compilation.Create("/site", new Unlistable(site.FileSystem, "/site/locked"), nix: null);
        var d = c.Diagnostics.Single("EL0013");
        Assert.Equal("could not list the directory 'site/locked': Access to the path '/site/locked' is denied.", d.Message);
        Assert.NotNull(c.Resolved); // the rest of the site was read and resolved
        Assert.Empty(c.Site!.Cadaster.Hosts["beta"]!.Tags);
    }

    /// <summary>A file system whose one directory cannot be listed, as one without read permission.</summary>
    private sealed class Unlistable(InMemoryFileSystem inner, string locked) : ISiteFileSystem
    {
        public bool DirectoryExists(string path) => inner.DirectoryExists(path);

        public bool FileExists(string path) => inner.FileExists(path);

        public IEnumerable<string> GetFiles(string directory) =>
            directory == locked ? throw new UnauthorizedAccessException($"Access to the path '{locked}' is denied.") : inner.GetFiles(directory);

        public IEnumerable<string> GetDirectories(string directory) => inner.GetDirectories(directory);

        public long GetLength(string path) => inner.GetLength(path);

        public byte[] ReadAllBytes(string path) => inner.ReadAllBytes(path);

        public string GetFullPath(string path) => inner.GetFullPath(path);

        public string GetDisplayPath(string path) => inner.GetDisplayPath(path);
    }

    [Fact]
    public void AnEmptyJsonFileHoldsNothingAsAnEmptyYamlFile()
    {
        var c = TestSite.Minimal().File("empty.json", " \n").File("empty.yaml", "").Compile();
        c.Diagnostics.Clean();
    }

    [Fact]
    public void AnOverlayThatIsAFileAndASettingsFileThatIsADirectoryAreSaidSo()
    {
        var c = TestSite.Minimal().File("elenta.yaml", "site: mini\noverlays: [../keys.yaml]\n").Outside("/keys.yaml", "x: 1\n").Compile();
        Assert.Equal("overlay '../keys.yaml' is a file, not a directory", c.Diagnostics.Single("EL0012").Message);
        var d = Compilation.Create("/other", new InMemoryFileSystem().Add("/other/elenta.yaml/x.yaml", "site: x\n"), nix: null).Diagnostics.Single("EL0011");
        Assert.Contains("its elenta.yaml is a directory, not a file", d.Message);
    }

    [Fact]
    public void UnderlinesTheOffendingText()
    {
        var c = TestSite.Minimal().File("more.yaml", "networks:\n  dmz: { cidr: 10.9.0.0/33 }\n").Compile();
        var (loc, text) = Under(c.Diagnostics.Single("EL2004"));
        Assert.Equal("10.9.0.0/33", text);
        Assert.Equal(2, loc!.Value.Start.Line);
    }
}
