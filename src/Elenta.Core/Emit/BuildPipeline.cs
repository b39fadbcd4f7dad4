using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit;

/// <summary>The result of a build: every artifact and the manifest, or the diagnostics that stopped it.</summary>
public sealed record BuildResult(IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Wall time of each emitter that ran, and of the manifest (for ELENTA_TIMINGS=1).</summary>
    public IReadOnlyList<StageTiming> Timings { get; init; } = [];
}

/// <summary>
/// Runs the emitters. Nothing is returned when there is an error anywhere (in the site or in an
/// emitter), so a build never leaves half an output behind.
/// </summary>
public static class BuildPipeline
{
    public const string ManifestPath = "manifest.json";

    private static readonly Lazy<IReadOnlyList<IArtifactEmitter>> All = new(() =>
        typeof(IArtifactEmitter).Assembly.GetTypes()
            .Where(t => typeof(IArtifactEmitter).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IArtifactEmitter)Activator.CreateInstance(t)!)
            .OrderBy(e => e.Family, StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<IArtifactEmitter> Emitters => All.Value;

    /// <summary>The families with the most work at 10,000 hosts, heaviest first (docs/benchmarks.md).</summary>
    private static readonly string[] FirstStarted = ["vms", "views", "dhcp", "dns", "ssh", "monitoring"];

    /// <param name="kept">
    /// With <paramref name="only"/>: the previous build's artifacts of the other families, kept as
    /// they are so a partial build neither deletes them nor drops them from the manifest.
    /// </param>
    /// <param name="oneAtATime">Run the emitters one after the other (for measuring each one's own time).</param>
    /// <param name="filesReady">
    /// Called, when nothing went wrong, with every artifact but the manifest (sorted by path) before
    /// the manifest is written out: the caller can start writing the files meanwhile.
    /// </param>
    public static BuildResult Build(EmitContext context, IReadOnlyCollection<string>? only, string? gitRevision, IReadOnlyList<Artifact>? kept = null, bool oneAtATime = false, Action<IReadOnlyList<Artifact>>? filesReady = null)
    {
        var bag = new DiagnosticBag();
        // Emitters only read the resolved site, so they run side by side; their artifacts are
        // concatenated in emitter order, so the result does not depend on which finished first.
        var selected = Emitters.Where(e => only is not { Count: > 0 } || only.Contains(e.Family)).ToList();
        var outputs = new List<Artifact>[selected.Count];
        var elapsed = new TimeSpan[selected.Count];
        // The emitters with the most files start first (the last one to start decides when all are
        // done), and each hashes its own files for the manifest as soon as it has made them.
        var order = Enumerable.Range(0, selected.Count).OrderBy(i => Array.IndexOf(FirstStarted, selected[i].Family) is var at and >= 0 ? at : int.MaxValue).ToList();
        var degree = new ParallelOptions { MaxDegreeOfParallelism = oneAtATime ? 1 : -1 };
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(order, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering), degree, i =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var made = selected[i].Emit(context, bag).ToList();
            SideBySide.For(made.Count, j => _ = made[j].Sha256Bytes);
            outputs[i] = made;
            elapsed[i] = clock.Elapsed;
        });
        var artifacts = outputs.SelectMany(o => o).ToList();
        var timings = selected.Select((e, i) => new StageTiming("emit " + e.Family, elapsed[i])).ToList();
        var manifestClock = System.Diagnostics.Stopwatch.StartNew();

        var built = new HashSet<string>(artifacts.Count, StringComparer.Ordinal);
        var duplicates = artifacts.Where(a => !built.Add(a.Path)).Select(a => a.Path).Distinct(StringComparer.Ordinal).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException("two emitters wrote the same path: " + string.Join(", ", duplicates));
        }

        if (bag.HasErrors)
        {
            return new BuildResult([], bag.ToSortedList()) { Timings = timings };
        }

        artifacts.AddRange((kept ?? []).Where(a => !built.Contains(a.Path) && a.Path != ManifestPath));
        artifacts.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        filesReady?.Invoke(artifacts.ToArray());
        artifacts.Add(new Artifact(ManifestPath, "manifest", null, null, Manifest(context.Resolved, artifacts, gitRevision)));
        timings.Add(new StageTiming("manifest", manifestClock.Elapsed));
        return new BuildResult(artifacts, bag.ToSortedList()) { Timings = timings };
    }

    /// <summary>manifest.json, written straight to bytes: at 10,000 hosts it lists 50,000 artifacts.</summary>
    private static byte[] Manifest(ResolvedSite resolved, IReadOnlyList<Artifact> artifacts, string? gitRevision) =>
        ViewJson.Utf8(
            json =>
            {
                json.WriteStartObject();
                json.WriteString("site", resolved.Site.Settings.Name);
                if (gitRevision is null)
                {
                    json.WriteNull("gitRevision");
                }
                else
                {
                    json.WriteString("gitRevision", gitRevision);
                }

                json.WriteStartArray("artifacts");
                Span<char> hex = stackalloc char[64];
                for (var i = 0; i < artifacts.Count; i++)
                {
                    var a = artifacts[i];
                    json.WriteStartObject();
                    json.WriteString(ManifestNames.Path, a.Path);
                    json.WriteString(ManifestNames.Family, a.Family);
                    Convert.TryToHexStringLower(a.Sha256Bytes, hex, out _);
                    json.WriteString(ManifestNames.Sha256, hex);
                    json.WriteNumber(ManifestNames.Bytes, a.Content.Length);
                    if (a.Machine is not null)
                    {
                        json.WriteString(ManifestNames.Machine, a.Machine);
                    }

                    if (a.TargetPath is not null)
                    {
                        json.WriteString(ManifestNames.Target, a.TargetPath);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            },
            256 * artifacts.Count + 256);

    /// <summary>The field names of a manifest entry, encoded once: they are written 50,000 times each.</summary>
    private static class ManifestNames
    {
        public static readonly System.Text.Json.JsonEncodedText Path = System.Text.Json.JsonEncodedText.Encode("path");
        public static readonly System.Text.Json.JsonEncodedText Family = System.Text.Json.JsonEncodedText.Encode("family");
        public static readonly System.Text.Json.JsonEncodedText Sha256 = System.Text.Json.JsonEncodedText.Encode("sha256");
        public static readonly System.Text.Json.JsonEncodedText Bytes = System.Text.Json.JsonEncodedText.Encode("bytes");
        public static readonly System.Text.Json.JsonEncodedText Machine = System.Text.Json.JsonEncodedText.Encode("machine");
        public static readonly System.Text.Json.JsonEncodedText Target = System.Text.Json.JsonEncodedText.Encode("target");
    }
}
