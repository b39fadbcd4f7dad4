using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit;

/// <summary>The result of a build: every artifact and the manifest (last), or the diagnostics that stopped it.</summary>
public sealed record BuildResult(IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>How a build runs, besides what it reads (<see cref="EmitContext"/>).</summary>
public sealed record BuildOptions
{
    public static BuildOptions Default { get; } = new();

    /// <summary>Build only these families (null: all).</summary>
    public IReadOnlyCollection<string>? Only { get; init; }

    /// <summary>
    /// With <see cref="Only"/>: the previous build's artifacts of the other families, kept as they are
    /// so a partial build neither deletes them nor drops them from the manifest.
    /// </summary>
    public IReadOnlyList<Artifact> Kept { get; init; } = [];

    /// <summary>The site's revision for the manifest, asked for only once the artifacts are made.</summary>
    public Func<string?> Revision { get; init; } = () => null;

    /// <summary>Run the emitters one after the other (for measuring each one's own time).</summary>
    public bool OneAtATime { get; init; }

    /// <summary>
    /// Called, when the build will succeed, with every artifact but the manifest (sorted by path)
    /// before the manifest is made: the caller can start writing the files meanwhile.
    /// </summary>
    public Action<IReadOnlyList<Artifact>>? FilesReady { get; init; }
}

/// <summary>
/// Runs the emitters. This is the gate between checking and writing: nothing is returned when
/// there is an error anywhere (in the compilation, or in an emitter), so no caller can write half
/// an output, or the output of a site that does not check.
/// </summary>
public static class BuildPipeline
{
    private static readonly DiagnosticDescriptor SameTarget = new("EL9200", "Two files for one path on one machine", Severity.Error, "Emit");

    private static readonly Lazy<IReadOnlyList<IArtifactEmitter>> All = new(() =>
        typeof(IArtifactEmitter).Assembly.GetTypes()
            .Where(t => typeof(IArtifactEmitter).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IArtifactEmitter)Activator.CreateInstance(t)!)
            .OrderBy(e => e.Family, StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<IArtifactEmitter> Emitters => All.Value;

    /// <summary>The families with the most work at 10,000 hosts, heaviest first (docs/benchmarks.md).</summary>
    private static readonly string[] FirstStarted = ["vms", "views", "dhcp", "dns", "ssh", "monitoring"];

    /// <summary>Builds a compilation; one with errors builds nothing and returns its diagnostics.</summary>
    /// <exception cref="ArgumentException">The compilation skipped the analysis: its site is not known to be sound.</exception>
    public static BuildResult Build(Compilation compilation, Func<ResolvedSite, EmitContext> context, BuildOptions? options = null)
    {
        if (!compilation.Analysed && !compilation.HasErrors)
        {
            throw new ArgumentException("a build needs a compilation with its analysis (CompilationOptions.Analyze)", nameof(compilation));
        }

        if (compilation.HasErrors || compilation.Resolved is not { } resolved)
        {
            return new BuildResult([], compilation.Diagnostics);
        }

        return Start(context(resolved), options).Complete(compilation);
    }

    /// <summary>
    /// Starts the emitters on a resolved site whose analysis may still be running. Nothing leaves the
    /// build (no <see cref="BuildOptions.FilesReady"/>, no artifact) until
    /// <see cref="PendingBuild.Complete"/> has seen the whole compilation free of errors.
    /// </summary>
    public static PendingBuild Start(EmitContext context, BuildOptions? options = null) => new(context, options ?? BuildOptions.Default);

    internal static BuildResult Run(EmitContext context, BuildOptions options, Task<bool> siteIsSound)
    {
        var bag = new DiagnosticBag();
        // Emitters only read the resolved site, so they run side by side; their artifacts are
        // concatenated in emitter order, so the result does not depend on which finished first.
        var only = options.Only;
        var selected = Emitters.Where(e => only is not { Count: > 0 } || only.Contains(e.Family)).ToList();
        var outputs = new List<Artifact>[selected.Count];
        // The emitters with the most files start first (the last one to start decides when all are
        // done), and each hashes its own files for the manifest as soon as it has made them.
        var order = Enumerable.Range(0, selected.Count).OrderBy(i => Array.IndexOf(FirstStarted, selected[i].Family) is var at and >= 0 ? at : int.MaxValue).ToList();
        var degree = new ParallelOptions { MaxDegreeOfParallelism = options.OneAtATime ? 1 : -1 };
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(order, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering), degree, i =>
        {
            using var span = Stages.Start("emit " + selected[i].Family);
            // One at a time, an emitter's allocation is its own (but for the analysis, which may still run beside the first).
            var allocated = span is not null && options.OneAtATime ? GC.GetTotalAllocatedBytes() : (long?)null;
            var made = selected[i].Emit(context, bag).ToList();
            SideBySide.For(made.Count, j => _ = made[j].Sha256Bytes);
            outputs[i] = made;
            if (allocated is { } before)
            {
                span?.SetTag(Stages.AllocatedTag, GC.GetTotalAllocatedBytes() - before);
            }
        });
        var artifacts = outputs.SelectMany(o => o).ToList();

        var built = new HashSet<string>(artifacts.Count, StringComparer.Ordinal);
        var duplicates = artifacts.Where(a => !built.Add(a.Path)).Select(a => a.Path).Distinct(StringComparer.Ordinal).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException("two emitters wrote the same path: " + string.Join(", ", duplicates));
        }

        // Names in paths are checked when the site is bound; a path that still leaves the output
        // directory (../, absolute) is a bug, and nothing is written.
        if (artifacts.FirstOrDefault(a => !Manifest.IsInsideOutput(a.Path)) is { } outside)
        {
            throw new InvalidOperationException("an emitter made a path outside the output directory: " + outside.Path);
        }

        artifacts.AddRange(options.Kept.Where(a => !built.Contains(a.Path) && a.Path != Manifest.Path));
        artifacts.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        using (Stages.Start("check targets"))
        {
            CheckTargets(artifacts, bag);
        }

        if (bag.HasErrors || !siteIsSound.GetAwaiter().GetResult())
        {
            return new BuildResult([], bag.ToSortedList());
        }

        options.FilesReady?.Invoke(artifacts.ToArray());
        using (Stages.Start("manifest"))
        {
            artifacts.Add(new Artifact(Manifest.Path, "manifest", null, Manifest.Write(context.Resolved.Site.Settings.Name, options.Revision(), artifacts)));
        }

        return new BuildResult(artifacts, bag.ToSortedList());
    }

    /// <summary>
    /// Two files delivered to one path on one machine would overwrite each other (a role's file at
    /// /etc/nginx/conf.d/elenta-proxy.conf, say): the manifest must be installable as it stands.
    /// </summary>
    private static void CheckTargets(List<Artifact> artifacts, DiagnosticBag bag)
    {
        // Most targets are one file's own (a VM's definition, a constellation's directory); only a
        // target several files share (every machine's view.json) needs its receivers compared.
        var first = new Dictionary<string, int>(artifacts.Count, StringComparer.Ordinal);
        Dictionary<string, List<int>>? shared = null;
        for (var i = 0; i < artifacts.Count; i++)
        {
            if (artifacts[i].Delivery is not { Machines.Count: > 0 } d)
            {
                continue;
            }

            if (!first.TryAdd(d.Target, i))
            {
                shared ??= new Dictionary<string, List<int>>(StringComparer.Ordinal);
                if (!shared.TryGetValue(d.Target, out var list))
                {
                    list = [first[d.Target]];
                    shared[d.Target] = list;
                }

                list.Add(i);
            }
        }

        foreach (var (target, sharing) in shared ?? [])
        {
            var receivedFrom = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var i in sharing)
            {
                foreach (var machine in artifacts[i].Machines)
                {
                    if (!receivedFrom.TryAdd(machine, artifacts[i].Path))
                    {
                        bag.Add(SameTarget.Create(null,
                            $"{machine} would receive both {receivedFrom[machine]} and {artifacts[i].Path} at {target}",
                            "give one of them another path (a role's config.files path, say), or take one of them off this machine"));
                    }
                }
            }
        }
    }
}

/// <summary>A build started before its compilation finished; <see cref="Complete"/> is the gate.</summary>
public sealed class PendingBuild
{
    private readonly EmitContext context;
    private readonly TaskCompletionSource<bool> siteIsSound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<BuildResult> running;

    internal PendingBuild(EmitContext context, BuildOptions options)
    {
        this.context = context;
        running = Task.Run(() => BuildPipeline.Run(context, options, siteIsSound.Task));
    }

    /// <summary>
    /// The build's result if <paramref name="compilation"/> (the one whose resolved site this build
    /// started from) has no error; else no artifact, the compilation's diagnostics, and whatever the
    /// emitters made or threw dropped.
    /// </summary>
    public BuildResult Complete(Compilation compilation)
    {
        var sound = compilation.Analysed && !compilation.HasErrors && ReferenceEquals(compilation.Resolved, context.Resolved);
        siteIsSound.TrySetResult(sound);
        if (!sound)
        {
            try
            {
                running.Wait();
            }
            catch (AggregateException)
            {
                // An emitter may throw on a site the analysis rejects: it never reaches the output.
            }

            return new BuildResult([], compilation.Diagnostics);
        }

        return running.GetAwaiter().GetResult();
    }
}
