using System.Collections.Concurrent;
using System.Diagnostics;
using Elenta.Core;

namespace Elenta.Cli.Commands;

/// <summary>
/// Wall times on stderr for bench/run.sh and profiling, when ELENTA_TIMINGS=1 (or =sequential):
/// listens to Core's stage spans (<see cref="Stages"/>) and prints them, in the order they ended,
/// when the command is done.
/// </summary>
internal sealed class Timings : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<(string Stage, TimeSpan Elapsed, long? Allocated, TimeSpan? Cpu)> ended = new();

    private Timings() =>
        listener = ListenToStages(null, a => ended.Enqueue((a.OperationName, a.Duration, a.GetTagItem(Stages.AllocatedTag) as long?, a.GetTagItem(Stages.CpuTag) as TimeSpan?)));

    /// <summary>Listens to Core's stage spans (<see cref="Stages"/>) until disposed: the timings and the status line both read them.</summary>
    internal static ActivityListener ListenToStages(Action<Activity>? started, Action<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Stages.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = started,
            ActivityStopped = stopped,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public static bool Enabled => Environment.GetEnvironmentVariable("ELENTA_TIMINGS") is "1" or "sequential";

    /// <summary>ELENTA_TIMINGS=sequential: the emitters run one at a time, so each time, and each allocation figure, is that emitter's own.</summary>
    public static bool Sequential => Environment.GetEnvironmentVariable("ELENTA_TIMINGS") == "sequential";

    /// <summary>A listener when ELENTA_TIMINGS asks for one; null otherwise (spans then cost nothing).</summary>
    public static Timings? Start() => Enabled ? Listen() : null;

    /// <summary>A listener whatever ELENTA_TIMINGS says (for tests).</summary>
    internal static Timings Listen() => new();

    /// <summary>Each stage, the slowest rules (they run side by side, so they overlap), and the garbage collector's share.</summary>
    public void Write(CliContext context)
    {
        var rules = new List<(string Stage, TimeSpan Elapsed)>();
        foreach (var (stage, elapsed, allocated, cpu) in ended)
        {
            if (stage.StartsWith("rule ", StringComparison.Ordinal))
            {
                rules.Add((stage[5..], elapsed));
                continue;
            }

            context.Err.WriteLine(FormattableString.Invariant($"elenta: timing {stage,-16} {elapsed.TotalMilliseconds,8:F1} ms")
                + (allocated is { } bytes ? FormattableString.Invariant($", {bytes / (1024.0 * 1024),6:F0} MiB allocated") : string.Empty)
                + (cpu is { } used ? FormattableString.Invariant($", {used.TotalMilliseconds,6:F0} ms of CPU") : string.Empty));
        }

        foreach (var (code, elapsed) in rules.OrderByDescending(r => r.Elapsed).Take(8))
        {
            context.Err.WriteLine(FormattableString.Invariant($"elenta: timing   rule {code,-9} {elapsed.TotalMilliseconds,8:F1} ms"));
        }

        context.Err.WriteLine(FormattableString.Invariant($"elenta: timing {"total",-16} {SinceStart(),8:F0} ms since process start, {Environment.CpuUsage.TotalTime.TotalMilliseconds:F0} ms of CPU (this process, not the programs it ran)"));
        context.Err.WriteLine(FormattableString.Invariant(
            $"elenta: timing gc               {GC.GetTotalPauseDuration().TotalMilliseconds,8:F1} ms paused; collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MiB allocated"));
    }

    public void Dispose() => listener.Dispose();

    private static double SinceStart() => (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
}

/// <summary>
/// ELENTA_TIMINGS=1 on deploy, switch and boot: each machine's progress steps timed (from one
/// step's start to the next's), then per step the machines' median and slowest, and the command's
/// phases (build, survey, apply) — where a deployment's seconds go.
/// </summary>
internal sealed class StepTimings
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (string Step, TimeSpan Since)> current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<double>> spent = new(StringComparer.Ordinal);
    private readonly List<(string Step, TimeSpan At)> firsts = [];
    private readonly Dictionary<string, TimeSpan> lasts = new(StringComparer.Ordinal);
    private TimeSpan? lastDone;
    private readonly List<(string Phase, TimeSpan Took)> phases = [];

    public T Phase<T>(string name, Func<T> work)
    {
        var start = clock.Elapsed;
        try
        {
            return work();
        }
        finally
        {
            lock (phases)
            {
                phases.Add((name, clock.Elapsed - start));
            }
        }
    }

    /// <summary>Called under the display's lock: <paramref name="machine"/> now does <paramref name="state"/>.</summary>
    public void Enter(string machine, string state)
    {
        var now = clock.Elapsed;
        if (current.TryGetValue(machine, out var was))
        {
            if (!spent.TryGetValue(was.Step, out var list))
            {
                spent[was.Step] = list = [];
            }

            list.Add((now - was.Since).TotalMilliseconds);
        }

        // "activating generation 12" and "done: activated generation 12" are one step each, whatever the number.
        var step = state.StartsWith("done", StringComparison.Ordinal) || state.StartsWith("FAILED", StringComparison.Ordinal)
            ? null
            : string.Concat(state.TakeWhile(c => !char.IsDigit(c))).TrimEnd();
        if (step is null)
        {
            current.Remove(machine);
            lastDone = now;
        }
        else
        {
            current[machine] = (step, now);
            lasts[step] = now;
            if (!firsts.Exists(f => f.Step == step))
            {
                firsts.Add((step, now));
            }
        }
    }

    public void Write(CliContext context)
    {
        foreach (var (phase, took) in phases)
        {
            context.Err.WriteLine(FormattableString.Invariant($"elenta: timing phase {phase,-33} {took.TotalMilliseconds,7:F0} ms"));
        }

        foreach (var (step, at) in firsts)
        {
            if (!spent.TryGetValue(step, out var ms) || ms.Count == 0)
            {
                continue;
            }

            ms.Sort();
            context.Err.WriteLine(FormattableString.Invariant(
                $"elenta: timing step {step,-34} first at {at.TotalMilliseconds,7:F0} ms, last at {lasts[step].TotalMilliseconds,7:F0} ms; {ms.Count,4} machines, median {ms[ms.Count / 2],7:F0} ms, slowest {ms[^1],7:F0} ms"));
        }

        if (lastDone is { } done)
        {
            context.Err.WriteLine(FormattableString.Invariant($"elenta: timing the last machine done at {done.TotalMilliseconds,7:F0} ms"));
        }
    }
}
