using System.Diagnostics;
using Elenta.Core.Analysis;
using Elenta.Core.Diagnostics;
using Elenta.Core.Loading;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core;

/// <summary>
/// The one entry point: load, merge, check, bind, resolve and analyse a site. Never throws on bad
/// input; every problem is a diagnostic. Analysis runs only when the earlier stages found no error,
/// so one typo does not cascade into a page of rule violations.
/// </summary>
public sealed class Compilation
{
    private Compilation(LoadedSite loaded, MergedMapping tree, Site? site, ResolvedSite? resolved, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<StageTiming> stageTimings)
    {
        StageTimings = stageTimings;
        Loaded = loaded;
        Tree = tree;
        Site = site;
        Resolved = resolved;
        Diagnostics = diagnostics;
    }

    public LoadedSite Loaded { get; }

    public MergedMapping Tree { get; }

    public Site? Site { get; }

    public ResolvedSite? Resolved { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Wall time of each stage that ran, in order (for the benchmark's ELENTA_TIMINGS=1).</summary>
    public IReadOnlyList<StageTiming> StageTimings { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static Compilation Create(string siteDirectory, ISiteFileSystem fileSystem, INixEvaluator? nix, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        var bag = new DiagnosticBag();
        var timings = new List<StageTiming>();
        var clock = Stopwatch.StartNew();
        T Timed<T>(string stage, Func<T> run)
        {
            var start = clock.Elapsed;
            var result = run();
            timings.Add(new StageTiming(stage, clock.Elapsed - start));
            return result;
        }

        var loaded = Timed("load", () => SiteLoader.Load(siteDirectory, fileSystem, nix, bag));
        var tree = Timed("merge", () => Merger.Merge(loaded, bag));
        if (loaded.Files.Count == 0)
        {
            return new Compilation(loaded, tree, null, null, bag.ToSortedList(), timings);
        }

        Timed("schema", () => { SchemaChecker.Check(tree, bag); return 0; });
        var site = Timed("bind", () => Binder.Bind(tree, bag));
        var resolved = Timed("resolve", () => Resolver.Resolve(site, bag));
        if (options.Analyze && !bag.HasErrors)
        {
            Timed("analyse", () => { bag.AddRange(Analyzer.Analyze(resolved)); return 0; });
        }

        var sorted = Timed("sort diagnostics", bag.ToSortedList);
        return new Compilation(loaded, tree, site, resolved, sorted, timings);
    }
}

/// <summary>How long one compilation stage took.</summary>
public sealed record StageTiming(string Stage, TimeSpan Elapsed);

public sealed record CompilationOptions(bool Analyze)
{
    public static CompilationOptions Default { get; } = new(true);
}
