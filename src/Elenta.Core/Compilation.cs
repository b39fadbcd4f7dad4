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

    /// <summary>Whether the analysis ran: asked for, and the earlier stages found no error. Only an analysed site builds.</summary>
    public bool Analysed { get; private init; }

    public static Compilation Create(string siteDirectory, ISiteFileSystem fileSystem, INixEvaluator? nix, CompilationOptions? options = null)
    {
        options ??= CompilationOptions.Default;
        var bag = new DiagnosticBag();
        var loaded = Stages.Timed("load", () => SiteLoader.Load(siteDirectory, fileSystem, nix, bag));
        var tree = Stages.Timed("merge", () => Merger.Merge(loaded, bag));
        if (loaded.Files.Count == 0)
        {
            return new Compilation(loaded, tree, null, null, bag.ToSortedList());
        }

        Stages.Timed("schema", () => SchemaChecker.Check(tree, bag));
        var site = Stages.Timed("bind", () => Binder.Bind(tree, bag));
        if (options.Constellations is { } selected)
        {
            site = SelectConstellations(site, selected, bag);
        }

        // The analysis's shared inventories need only the bound site: build them while it resolves.
        var inventories = options.Analyze && !bag.HasErrors ? Task.Run(() => Analyzer.Prepare(site)) : Task.CompletedTask;
        var resolved = Stages.Timed("resolve", () => Resolver.Resolve(site, bag));
        if (!bag.HasErrors)
        {
            options.Resolved?.Invoke(resolved);
        }

        inventories.GetAwaiter().GetResult();
        var analysed = options.Analyze && !bag.HasErrors;
        if (analysed)
        {
            Stages.Timed("analyse", () => bag.AddRange(Analyzer.Analyze(resolved)));
        }

        var sorted = Stages.Timed("sort diagnostics", bag.ToSortedList);
        return new Compilation(loaded, tree, site, resolved, sorted) { Analysed = analysed };
    }

    /// <summary>
    /// Keeps only the named constellations for resolution and analysis, so that
    /// <c>check --constellations a,b</c> answers whether those two, merged, are compatible.
    /// An unknown name is an error with a suggestion.
    /// </summary>
    private static Site SelectConstellations(Site site, IReadOnlyList<string> selected, DiagnosticBag bag)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in selected)
        {
            if (site.Constellations.Contains(name))
            {
                wanted.Add(name);
            }
            else
            {
                bag.Add(Messages.UnknownConstellationError(name, Suggest.Closest(name, site.Constellations.Names)));
            }
        }

        return site with { Constellations = new NamedMap<Constellation>(site.Constellations.Where(c => wanted.Contains(c.Name))) };
    }
}

public sealed record CompilationOptions(bool Analyze)
{
    public static CompilationOptions Default { get; } = new(true);

    /// <summary>When set, only these constellations are resolved and analysed (the others are still loaded and bound).</summary>
    public IReadOnlyList<string>? Constellations { get; init; }

    /// <summary>
    /// Called with the resolved site as soon as it resolved without an error, before the analysis
    /// runs: a build starts its emitters there, while the analysis checks the site.
    /// </summary>
    public Action<ResolvedSite>? Resolved { get; init; }
}
