using System.Diagnostics;
using System.Text;
using Elenta.Cli.Rendering;
using Elenta.Cli.Tests.Support;
using Elenta.Core;

namespace Elenta.Cli.Tests;

/// <summary>The line a long check or build keeps on a terminal's stderr: drawn in place, never a new line, erased at the end.</summary>
public class StatusLineTests
{
    private static readonly ActivitySource Source = new(Stages.SourceName);

    /// <summary>A writer other threads write to while the test reads it.</summary>
    private sealed class Shared : TextWriter
    {
        private readonly StringBuilder text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public string Text
        {
            get
            {
                lock (text)
                {
                    return text.ToString();
                }
            }
        }
    }

    private static void WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the status line did not show it within 10 s");
            Thread.Sleep(10);
        }
    }

    [Fact]
    public void TheRunningStagesAreShownInPlaceAndErasedAtTheEnd()
    {
        var err = new Shared();
        var status = StatusLine.On(err, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        try
        {
            using (Source.StartActivity("resolve"))
            {
                WaitFor(() => err.Text.Contains("elenta: resolving... ", StringComparison.Ordinal));
            }

            using (Source.StartActivity("emit views"))
            using (Source.StartActivity("emit dns"))
            {
                WaitFor(() => err.Text.Contains("making views, dns", StringComparison.Ordinal));
            }
        }
        finally
        {
            status.Dispose();
        }

        var text = err.Text;
        Assert.DoesNotContain('\n', text);
        Assert.StartsWith("\r", text, StringComparison.Ordinal);
        // The last thing written blanks the longest line drawn and returns to its start.
        var last = text[text.LastIndexOf('\r', text.Length - 2)..];
        Assert.Matches(@"^\r +\r$", last);
        Assert.All(text.Split('\r', StringSplitOptions.RemoveEmptyEntries), line => Assert.True(line.Length <= 79, line));

        // Nothing more once disposed.
        using (Source.StartActivity("merge"))
        {
            Thread.Sleep(50);
        }

        Assert.Equal(text, err.Text);
    }

    [Fact]
    public void ACommandThatEndsBeforeTheDelayShowsNothing()
    {
        var err = new Shared();
        using (StatusLine.On(err, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(10)))
        using (Source.StartActivity("load"))
        {
            Thread.Sleep(30);
        }

        Assert.Equal(string.Empty, err.Text);
    }

    [Fact]
    public void StagesAreNamedForPeopleAndTheRulesInsideTheAnalysisAreNotListed()
    {
        Assert.Equal("reading the site", StatusLine.Describe("load"));
        Assert.Equal("writing files", StatusLine.Describe("write"));
        Assert.Equal("firewall", StatusLine.Describe("emit firewall"));
        Assert.Equal("making pages", StatusLine.Describe("report: pages"));
        Assert.Null(StatusLine.Describe("report: machine pages"));
        Assert.Null(StatusLine.Describe("rule EL4001"));
        Assert.Null(StatusLine.Describe("sort diagnostics"));
    }

    [Fact]
    public void OnlyATerminalGetsTheLine()
    {
        var err = new StringWriter();
        Assert.Null(StatusLine.Start(new CliContext(new StringWriter(), err, CliRunner.RepoRoot, color: false)));
        using var shown = StatusLine.Start(new CliContext(new StringWriter(), err, CliRunner.RepoRoot, color: false) { ErrorIsTerminal = true });
        Assert.NotNull(shown);
    }
}
