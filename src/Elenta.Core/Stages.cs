using System.Diagnostics;

namespace Elenta.Core;

/// <summary>
/// Stage timings, as <see cref="Activity"/> spans on one <see cref="ActivitySource"/>: Core starts a
/// span per stage (load, merge, each rule, each emitter, the manifest...) and whoever wants the
/// times listens to the source by its name (the CLI does for ELENTA_TIMINGS). With no listener a
/// span costs one check. The allocated bytes of a stage (the whole process's, other threads'
/// included) ride on the span as the tag <see cref="AllocatedTag"/>, and the process's CPU time
/// during it as <see cref="CpuTag"/> (more than the wall time when the stage runs on several cores).
/// </summary>
public static class Stages
{
    public const string SourceName = "Elenta";

    public const string AllocatedTag = "elenta.allocated";

    public const string CpuTag = "elenta.cpu";

    private static readonly ActivitySource Source = new(SourceName);

    internal static T Timed<T>(string stage, Func<T> run)
    {
        using var span = Source.StartActivity(stage);
        var allocated = span is null ? 0 : GC.GetTotalAllocatedBytes();
        var cpu = span is null ? default : Environment.CpuUsage.TotalTime;
        var result = run();
        span?.SetTag(AllocatedTag, GC.GetTotalAllocatedBytes() - allocated);
        span?.SetTag(CpuTag, Environment.CpuUsage.TotalTime - cpu);
        return result;
    }

    internal static void Timed(string stage, Action run) => Timed(stage, () => { run(); return 0; });

    /// <summary>A span for work that overlaps others (a rule, an emitter): no allocation figure, it would count the others'.</summary>
    internal static Activity? Start(string stage) => Source.StartActivity(stage);
}
