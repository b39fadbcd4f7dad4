using System.Diagnostics;
using System.Globalization;
using Elenta.Core;

namespace Elenta.Cli.Rendering;

/// <summary>
/// One line on a terminal's stderr saying what a long `check`, `build` or `report` is doing ("elenta:
/// resolving... 3 s"), redrawn in place and erased when the command is done, so a site of
/// 100,000 hosts (a minute or more) does not sit silent. It follows Core's stage spans
/// (<see cref="Stages"/>), the same the timings read. Nothing shows for a command that ends within
/// <see cref="DefaultDelay"/>, or when stderr is not a terminal: logs and pipes never see it.
/// </summary>
internal sealed class StatusLine : IDisposable
{
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter error;
    private readonly ActivityListener listener;
    private readonly Timer timer;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly object gate = new();

    // The stages running now, by the order they started: the emitters run side by side.
    private readonly List<Activity> running = [];
    private int shownLength;
    private bool disposed;

    private StatusLine(TextWriter error, TimeSpan delay, TimeSpan interval)
    {
        this.error = error;
        listener = Commands.Timings.ListenToStages(a => Change(a, started: true), a => Change(a, started: false));
        timer = new Timer(_ => Draw(), null, delay, interval);
    }

    /// <summary>A status line when <paramref name="context"/>'s stderr is a terminal; null otherwise.</summary>
    public static StatusLine? Start(CliContext context) => context.ErrorIsTerminal ? new StatusLine(context.Err, DefaultDelay, Interval) : null;

    /// <summary>A status line on any writer (for tests).</summary>
    internal static StatusLine On(TextWriter error, TimeSpan delay, TimeSpan interval) => new(error, delay, interval);

    /// <summary>What a stage is called on the line; null for the spans inside a stage (each rule of the analysis).</summary>
    internal static string? Describe(string stage) => stage switch
    {
        "up to date?" => "comparing with the last build",
        "load" => "reading the site",
        "merge" => "merging",
        "schema" => "checking the schema",
        "bind" => "binding",
        "resolve" => "resolving",
        "analyse" => "analysing",
        "check targets" => "checking where files go",
        "manifest" => "making the manifest",
        "write" => "writing files",
        "report: build" => "building",
        "report: pages" => "making pages",
        "report: remove" => "removing old pages",
        _ when stage.StartsWith("emit ", StringComparison.Ordinal) => stage[5..],
        _ => null,
    };

    private void Change(Activity activity, bool started)
    {
        if (Describe(activity.OperationName) is null)
        {
            return;
        }

        lock (gate)
        {
            if (started)
            {
                running.Add(activity);
            }
            else
            {
                running.Remove(activity);
            }
        }
    }

    /// <summary>The line as it reads now: the stages running, the emitters named together.</summary>
    internal string Text()
    {
        List<string> stages;
        lock (gate)
        {
            stages = running.Select(a => a.OperationName).ToList();
        }

        var emitters = stages.Where(s => s.StartsWith("emit ", StringComparison.Ordinal)).Select(Describe).ToList();
        var parts = stages.Where(s => !s.StartsWith("emit ", StringComparison.Ordinal)).Select(Describe).ToList();
        if (emitters.Count > 0)
        {
            parts.Add("making " + string.Join(", ", emitters));
        }

        var doing = parts.Count == 0 ? "working" : string.Join("; ", parts);
        return string.Create(CultureInfo.InvariantCulture, $"elenta: {doing}... {clock.Elapsed.TotalSeconds:F0} s");
    }

    private void Draw()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var text = Text();
            // Cut to a terminal's usual width, so the line never wraps and \r always returns to its start.
            if (text.Length > 79)
            {
                text = text[..76] + "...";
            }

            error.Write("\r" + text.PadRight(shownLength));
            error.Flush();
            shownLength = text.Length;
        }
    }

    /// <summary>Stops the line and erases it, leaving the cursor where the line began.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            if (shownLength > 0)
            {
                error.Write("\r" + new string(' ', shownLength) + "\r");
                error.Flush();
            }
        }

        timer.Dispose();
        listener.Dispose();
    }
}
