using Elenta.Core;

namespace Elenta.Cli.Commands;

/// <summary>Wall times on stderr for bench/run.sh and profiling, when ELENTA_TIMINGS=1 (or =sequential).</summary>
internal static class Timings
{
    public static bool Enabled => Environment.GetEnvironmentVariable("ELENTA_TIMINGS") is "1" or "sequential";

    /// <summary>ELENTA_TIMINGS=sequential: the emitters run one at a time, so each time is that emitter's own.</summary>
    public static bool Sequential => Environment.GetEnvironmentVariable("ELENTA_TIMINGS") == "sequential";

    public static void Write(CliContext context, string stage, TimeSpan elapsed, long? allocated = null) =>
        context.Err.WriteLine(FormattableString.Invariant($"elenta: timing {stage,-16} {elapsed.TotalMilliseconds,8:F1} ms")
            + (allocated is { } bytes ? FormattableString.Invariant($", {bytes / (1024.0 * 1024),6:F0} MiB allocated") : string.Empty));

    /// <summary>Each stage of the compilation, the slowest rules, and the garbage collector's share.</summary>
    public static void WriteCompilation(CliContext context, Compilation compilation)
    {
        foreach (var timing in compilation.StageTimings)
        {
            Write(context, timing.Stage, timing.Elapsed, timing.AllocatedBytes);
        }

        foreach (var (code, elapsed) in compilation.RuleTimings.OrderByDescending(r => r.Elapsed).Take(8))
        {
            context.Err.WriteLine(FormattableString.Invariant($"elenta: timing   rule {code,-9} {elapsed.TotalMilliseconds,8:F1} ms"));
        }

        var total = compilation.StageTimings.Sum(t => t.Elapsed.TotalMilliseconds);
        context.Err.WriteLine(FormattableString.Invariant($"elenta: timing {"compilation",-16} {total,8:F1} ms ({SinceStart():F0} ms since process start)"));
        WriteGc(context);
    }

    public static void WriteGc(CliContext context) =>
        context.Err.WriteLine(FormattableString.Invariant(
            $"elenta: timing gc               {GC.GetTotalPauseDuration().TotalMilliseconds,8:F1} ms paused; collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MiB allocated"));

    public static double SinceStart() => (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds;
}
