using System.Diagnostics;
using Elenta.Cli.Hosting;
using Elenta.Cli.Tests.Support;
using Elenta.Core;
using Elenta.Core.Model;
using OpenQA.Selenium;

namespace Elenta.Report.Tests;

/// <summary>The emerald-city report written once, a copy of the site to edit, and one browser for the class.</summary>
public sealed class ReportBrowserFixture : IDisposable
{
    public ReportBrowserFixture()
    {
        foreach (var name in new[] { "emerald-city", "narya" })
        {
            Copy(Path.Combine(CliRunner.RepoRoot, "examples", name), Path.Combine(Dir.Path, name));
        }

        // A deploy journal, as plan and deploy write it: toto's page shows it.
        using (var journal = new Elenta.Deploy.State.SqliteJournal(Elenta.Deploy.State.SqliteJournal.DefaultPath(Path.Combine(Dir.Path, "emerald-city"))))
        {
            var t = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
            journal.Record(new Elenta.Deploy.State.JournalEntry(t, "deploy", "toto", "activated generation 4", 4, "h4", "c0ffee12", 3.1, "", "dorothy"));
            journal.Record(new Elenta.Deploy.State.JournalEntry(t.AddHours(1), "plan", "toto", "behind", 4, "h4", "c0ffee12", 0.4, "runs revision c0ffee12; 2 files differ", "dorothy"));
        }

        var r = CliRunner.Run(Dir.Path, "report", "emerald-city", "--out", "report");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        var site = Path.Combine(Dir.Path, "emerald-city");
        Site = Compilation.Create(site, new PhysicalFileSystem(Dir.Path), nix: null).Site!;
        Browser = new Browser();
    }

    public CliRunner.TempDir Dir { get; } = new();

    public string Report => Path.Combine(Dir.Path, "report");

    public Site Site { get; }

    public Browser Browser { get; }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        Browser.Dispose();
        Dir.Dispose();
    }
}

/// <summary>
/// The report in Debian's headless Chromium, from file:// and from <c>elenta serve</c>: hosts at
/// their rack units, a click to a host's page, a diagnostic to its file and line, the search box,
/// and a served page reloading itself after a site file changes. Screenshots: screenshots/ in the
/// test output directory.
/// </summary>
[Collection("pictures")]
public class ReportBrowserTests(ReportBrowserFixture fixture) : IClassFixture<ReportBrowserFixture>
{
    private Browser Browser => fixture.Browser;

    private string FileUrl(string page) => new Uri(Path.Combine(fixture.Report, page)).AbsoluteUri;

    [Fact]
    public void FromFileEveryRackedHostIsAtItsUnitAndClickingItOpensItsPage()
    {
        Browser.Open(FileUrl("racks-1.html"));
        Browser.Screenshot("file-racks");
        AssertHostsAtTheirUnits();
        ClickHostOpensItsPage("toto");
        Browser.Screenshot("file-machine-toto");
    }

    [Fact]
    public void FromFileAMachinePageShowsItsLastPlanAndDeploysWithTheSharedStyle()
    {
        Browser.Open(FileUrl("machine/toto.html") + "#deploys");
        Browser.Screenshot("file-machine-toto-deploys");
        Assert.Equal("behind", Browser.Driver.FindElement(By.Id("plan-status")).Text);
        var rows = Browser.Driver.FindElements(By.CssSelector("table.history tbody tr")).Select(r => r.Text).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("plan behind 4 c0ffee12 dorothy", rows[0]);
        Assert.Contains("deploy activated generation 4 4 c0ffee12 dorothy", rows[1]);
        // report.css, beside the pages, applies from file://: the skip link waits off-screen for the keyboard.
        Assert.Equal("absolute", Browser.Driver.FindElement(By.CssSelector("a.skip")).GetCssValue("position"));
    }

    [Fact]
    public void FromFileADiagnosticLinksToItsFileAndLine()
    {
        Browser.Open(FileUrl("index.html"));
        var link = Browser.Driver.FindElement(By.CssSelector("#diagnostic-list a[data-line]"));
        var file = link.GetAttribute("data-file")!;
        var line = link.GetAttribute("data-line")!;
        Assert.EndsWith("domains.yaml", file);
        link.Click();
        Browser.Wait(d => d.Url.EndsWith("source/domains.yaml.html#L" + line, StringComparison.Ordinal));
        var target = (string)Browser.Js("var t = document.querySelector(':target'); return t ? t.id + '|' + t.textContent : '';")!;
        var expected = File.ReadAllLines(Path.Combine(fixture.Dir.Path, "emerald-city", "domains.yaml"))[int.Parse(line, System.Globalization.CultureInfo.InvariantCulture) - 1];
        Assert.Equal($"L{line}|{line}{expected}", target);
        Browser.Screenshot("file-diagnostic-line");
    }

    [Fact]
    public void FromFileSearchFindsAMachineByNameAndByAddress()
    {
        Browser.Open(FileUrl("index.html"));
        // "/" reaches the search box from the keyboard; Enter submits it.
        Browser.Driver.FindElement(By.TagName("body")).SendKeys("/");
        Assert.Equal("q", Browser.Driver.SwitchTo().ActiveElement().GetAttribute("id"));
        Browser.Driver.SwitchTo().ActiveElement().SendKeys("nanc" + Keys.Enter);
        Browser.Wait(d => d.FindElements(By.CssSelector("#results a")).Count > 0);
        var found = Browser.Driver.FindElements(By.CssSelector("#results a")).Select(a => a.Text).ToList();
        Assert.Equal(["nancy"], found);
        Browser.Screenshot("file-search");

        var find = Browser.Driver.FindElement(By.Id("find"));
        find.Clear();
        var toto = fixture.Site.Cadaster.Hosts["toto"]!.PrimaryAddress!.Ip.ToString();
        find.SendKeys(toto);
        Browser.Wait(d => d.FindElements(By.CssSelector("#results a")).Any(a => a.Text == "toto"));
        Browser.Driver.FindElements(By.CssSelector("#results a")).First(a => a.Text == "toto").Click();
        Browser.Wait(d => d.Url.EndsWith("machine/toto.html", StringComparison.Ordinal));
    }

    [Fact]
    public void FromServeThePagesWorkAndReloadThemselvesWhenTheSiteChanges()
    {
        using var serve = Serve.Start(Path.Combine(fixture.Dir.Path, "emerald-city"));
        Browser.Open(serve.Url + "racks-1.html");
        AssertHostsAtTheirUnits();
        ClickHostOpensItsPage("nancy");
        Browser.Open(serve.Url + "search.html?q=btg");
        Browser.Wait(d => d.FindElements(By.CssSelector("#results a")).Any(a => a.Text == "btg"));
        Browser.Screenshot("serve-search");

        // Move toto from U30 to U32 (empty in emerald-city): the open page reloads by itself.
        Browser.Open(serve.Url + "racks-1.html");
        Assert.Equal("30", TotoUnit());
        var file = Path.Combine(fixture.Dir.Path, "emerald-city", "cadaster", "compute", "toto.yaml");
        var original = File.ReadAllText(file);
        var overlayFile = Path.Combine(fixture.Dir.Path, "narya", "serve-test.yaml");
        try
        {
            Assert.Contains("unit: 30", original);
            File.WriteAllText(file, original.Replace("unit: 30", "unit: 32", StringComparison.Ordinal));
            Browser.Wait(_ => TotoUnit() == "32", seconds: 60);
            Browser.Screenshot("serve-after-edit");

            // A file of the overlay (narya, beside the site) is watched too: it moves toto on to U34.
            File.WriteAllText(overlayFile, "cadaster:\n  compute:\n    toto:\n      rack: { unit: !force 34 }\n");
            Browser.Wait(_ => TotoUnit() == "34", seconds: 60);
        }
        finally
        {
            File.WriteAllText(file, original);
            File.Delete(overlayFile);
        }
    }

    [Fact]
    public async Task ServeAnswersOnlyItsOwnPages()
    {
        // A page of another site could run search/index-1.js (the site's inventory) as a script of its own.
        using var serve = Serve.Start(Path.Combine(fixture.Dir.Path, "emerald-city"));
        using var http = new System.Net.Http.HttpClient();
        using var own = await http.GetAsync(serve.Url + "search/index-1.js");
        Assert.Equal(System.Net.HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("same-origin", string.Join(",", own.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.Equal("nosniff", string.Join(",", own.Headers.GetValues("X-Content-Type-Options")));

        foreach (var from in new[] { "cross-site", "same-site" })
        {
            using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, serve.Url + "search/index-1.js");
            request.Headers.Add("Sec-Fetch-Site", from);
            using var refused = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain("toto", await refused.Content.ReadAsStringAsync());
        }
    }

    private string? TotoUnit()
    {
        try
        {
            return Browser.Driver.FindElement(By.CssSelector("svg[data-side=front] a[data-machine=toto]")).GetAttribute("data-unit");
        }
        catch (WebDriverException)
        {
            return null; // between two pages while it reloads
        }
    }

    /// <summary>Every host with a rack position is drawn over the row of its unit, front and rear.</summary>
    private void AssertHostsAtTheirUnits()
    {
        var racked = fixture.Site.Cadaster.Hosts.Where(h => h.Rack is not null).ToList();
        Assert.NotEmpty(racked);
        foreach (var side in new[] { "front", "rear" })
        {
            foreach (var host in racked)
            {
                var rack = host.Rack!;
                var svg = Browser.Driver.FindElement(By.CssSelector($"svg[data-rack='{rack.Rack}'][data-side={side}]"));
                var box = svg.FindElement(By.CssSelector($"a[data-machine='{host.Name}'] rect"));
                Assert.Equal(rack.Unit.ToString(System.Globalization.CultureInfo.InvariantCulture), box.FindElement(By.XPath("..")).GetAttribute("data-unit"));
                // The labels of its lowest and highest units sit beside the box, not elsewhere.
                foreach (var unit in new[] { rack.Unit, rack.Unit + rack.Height - 1 })
                {
                    var label = svg.FindElement(By.CssSelector($"text[data-u='{unit}']"));
                    var middle = label.Location.Y + (label.Size.Height / 2.0);
                    Assert.True(middle > box.Location.Y && middle < box.Location.Y + box.Size.Height,
                        $"{host.Name} ({side}) is drawn at y {box.Location.Y}-{box.Location.Y + box.Size.Height}, but U{unit}'s label is at y {middle}");
                }
            }
        }
    }

    private void ClickHostOpensItsPage(string host)
    {
        Browser.Driver.FindElement(By.CssSelector($"svg[data-side=front] a[data-machine='{host}']")).Click();
        Browser.Wait(d => d.Url.EndsWith($"machine/{host}.html", StringComparison.Ordinal));
        Assert.Equal(host, Browser.Driver.FindElement(By.TagName("h1")).Text);
        Assert.Contains("Files it receives", Browser.Driver.PageSource);
    }

    /// <summary>The real CLI serving a site on a free loopback port, stopped (with its children) when disposed.</summary>
    private sealed class Serve : IDisposable
    {
        private readonly Process process;

        private Serve(Process process, string url)
        {
            this.process = process;
            Url = url;
        }

        public string Url { get; }

        public static Serve Start(string site)
        {
            var configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            var cli = Path.Combine(CliRunner.RepoRoot, "src", "Elenta.Cli", "bin", configuration, "net10.0", "elenta.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { cli, "serve", site, "--port", "0" })
            {
                start.ArgumentList.Add(a);
            }

            var process = Process.Start(start)!;
            try
            {
                process.ErrorDataReceived += (_, _) => { };
                process.BeginErrorReadLine();
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (DateTime.UtcNow < deadline)
                {
                    var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("elenta serve stopped before serving");
                    if (line.StartsWith("serving ", StringComparison.Ordinal))
                    {
                        var url = line.Split(' ')[1];
                        Assert.StartsWith("http://127.0.0.1:", url);
                        // Keep reading its output so that it never blocks on a full pipe.
                        _ = Task.Run(() => process.StandardOutput.ReadToEnd());
                        return new Serve(process, url);
                    }
                }

                throw new TimeoutException("elenta serve did not start within 120 s");
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }
    }
}
