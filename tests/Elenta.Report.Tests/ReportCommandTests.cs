using System.Text.RegularExpressions;
using Elenta.Cli.Tests.Support;

namespace Elenta.Report.Tests;

/// <summary><c>elenta report</c> without a browser: the pages, their links, determinism, a broken site.</summary>
[Collection("pictures")]
public partial class ReportCommandTests
{
    private static readonly string EmeraldCity = Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city");

    [Fact]
    public void SameSiteGivesTheSameBytesAndASecondRunWritesNothing()
    {
        using var dir = new CliRunner.TempDir();
        var first = CliRunner.Run(dir.Path, "report", EmeraldCity, "--out", "a");
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        var second = CliRunner.Run(dir.Path, "report", EmeraldCity, "--out", "b");
        Assert.Equal(0, second.ExitCode);
        var a = Files(Path.Combine(dir.Path, "a"));
        Assert.Equal(a, Files(Path.Combine(dir.Path, "b")));
        foreach (var file in a)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(dir.Path, "a", file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir.Path, "b", file))), file);
        }

        var again = CliRunner.Run(dir.Path, "report", EmeraldCity, "--out", "a");
        Assert.Contains("(0 written,", again.Out);
    }

    [Fact]
    public void EveryLinkLeadsToAPageOfTheReportAndNothingComesFromTheNetwork()
    {
        using var dir = new CliRunner.TempDir();
        Assert.Equal(0, CliRunner.Run(dir.Path, "report", EmeraldCity, "--out", "r").ExitCode);
        var root = Path.Combine(dir.Path, "r");
        var pages = Files(root).Where(f => f.EndsWith(".html", StringComparison.Ordinal)).ToList();
        Assert.Contains("index.html", pages);
        Assert.Contains("machine/toto.html", pages);
        Assert.Contains("racks-1.html", pages);
        foreach (var page in pages)
        {
            var html = File.ReadAllText(Path.Combine(root, page));
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
            foreach (Match link in Href().Matches(html))
            {
                var target = link.Groups[1].Value;
                if (target.StartsWith('#') || target.Contains('?'))
                {
                    continue;
                }

                var path = Uri.UnescapeDataString(target.Split('#')[0]);
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(root, page))!, path));
                Assert.True(File.Exists(full), $"{page} links to {target}, which is not in the report");
                if (target.Split('#') is [_, var anchor])
                {
                    Assert.Contains($"id=\"{anchor}\"", File.ReadAllText(full));
                }
            }
        }
    }

    [Fact]
    public void MachinePageListsHardwareAddressesPlacementsAndTheFilesItReceives()
    {
        using var dir = new CliRunner.TempDir();
        Assert.Equal(0, CliRunner.Run(dir.Path, "report", EmeraldCity, "--out", "r").ExitCode);
        var toto = File.ReadAllText(Path.Combine(dir.Path, "r", "machine", "toto.html"));
        Assert.Contains("<h2>Hardware</h2>", toto);
        Assert.Contains("data-rack-unit=\"30\"", toto);
        Assert.Contains("02:e1:00:00:00:10", toto);
        Assert.Contains("/etc/ssh/ssh_known_hosts", toto);  // every machine receives known_hosts
        Assert.Contains("<h2 id=\"view\">Its view</h2>", toto);
        Assert.Equal(0, CliRunner.InRepo("build", "examples/emerald-city", "--out", Path.Combine(dir.Path, "b")).ExitCode);
        // Its view is shown in its page, exactly the build's bytes (HTML-decoded).
        var view = Regex.Match(toto, "<pre class=\"view\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(view.Success, "no view on toto's page");
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Path, "b", "views", "toto.json")), System.Net.WebUtility.HtmlDecode(view.Groups[1].Value));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "r", "views")));
        // What `show host` says toto receives is what its page lists.
        var shown = CliRunner.InRepo("show", "host", "toto", "--site", "examples/emerald-city", "--format", "json").Out;
        foreach (Match target in Regex.Matches(shown, "\"target\": \"([^\"]+)\""))
        {
            Assert.Contains($"<code>{System.Net.WebUtility.HtmlEncode(target.Groups[1].Value)}</code>", toto);
        }
    }

    [Fact]
    public void BrokenSiteStillGetsAReportOfItsErrorsLinkedToTheirLines()
    {
        using var dir = new CliRunner.TempDir();
        var r = CliRunner.Run(dir.Path, "report", Path.Combine(CliRunner.RepoRoot, "examples", "broken", "over-allocated"), "--out", "r");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the site has errors", r.Err);
        var index = File.ReadAllText(Path.Combine(dir.Path, "r", "index.html"));
        Assert.Contains("error EL6001", index);
        Assert.Matches("href=\"source/site.yaml.html#L7\" data-file=\"[^\"]*site.yaml\" data-line=\"7\"", index);
        Assert.Contains("id=\"L7\"", File.ReadAllText(Path.Combine(dir.Path, "r", "source", "site.yaml.html")));
    }

    [Fact]
    public void RefusesADirectoryThatHoldsSomethingElse()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("mine/notes.txt", "keep me");
        var r = CliRunner.Run(dir.Path, "report", EmeraldCity, "--out", "mine");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("holds other files", r.Err);
        Assert.True(File.Exists(Path.Combine(dir.Path, "mine", "notes.txt")));

        dir.Write("afile", "keep me too");
        var file = CliRunner.Run(dir.Path, "report", EmeraldCity, "--out", "afile");
        Assert.Equal((1, "elenta: --out 'afile' is a file; give a directory (it is created if needed)\n"), (file.ExitCode, file.Err));
        Assert.Equal("keep me too", File.ReadAllText(Path.Combine(dir.Path, "afile")));
    }

    private static List<string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex("(?:href|src)=\"([^\"]+)\"")]
    private static partial Regex Href();
}
