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
    private Compilation(LoadedSite loaded, MergedMapping tree, Site? site, ResolvedSite? resolved, IReadOnlyList<Diagnostic> diagnostics)
    {
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

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static Compilation Create(string siteDirectory, ISiteFileSystem fileSystem, INixEvaluator? nix, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        var bag = new DiagnosticBag();
        var loaded = SiteLoader.Load(siteDirectory, fileSystem, nix, bag);
        var tree = Merger.Merge(loaded, bag);
        if (loaded.Files.Count == 0)
        {
            return new Compilation(loaded, tree, null, null, bag.ToSortedList());
        }

        SchemaChecker.Check(tree, bag);
        var site = Binder.Bind(tree, bag);
        var resolved = Resolver.Resolve(site, bag);
        if (options.Analyze && !bag.HasErrors)
        {
            bag.AddRange(Analyzer.Analyze(resolved));
        }

        return new Compilation(loaded, tree, site, resolved, bag.ToSortedList());
    }
}

public sealed record CompilationOptions(bool Analyze)
{
    public static CompilationOptions Default { get; } = new(true);
}
