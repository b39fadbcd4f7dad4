using System.Text.Json.Nodes;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit;

/// <summary>The result of a build: every artifact and the manifest, or the diagnostics that stopped it.</summary>
public sealed record BuildResult(IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
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

    /// <param name="kept">
    /// With <paramref name="only"/>: the previous build's artifacts of the other families, kept as
    /// they are so a partial build neither deletes them nor drops them from the manifest.
    /// </param>
    public static BuildResult Build(EmitContext context, IReadOnlyCollection<string>? only, string? gitRevision, IReadOnlyList<Artifact>? kept = null)
    {
        var bag = new DiagnosticBag();
        var artifacts = new List<Artifact>();
        foreach (var emitter in Emitters)
        {
            if (only is { Count: > 0 } && !only.Contains(emitter.Family))
            {
                continue;
            }

            artifacts.AddRange(emitter.Emit(context, bag));
        }

        var duplicates = artifacts.GroupBy(a => a.Path, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException("two emitters wrote the same path: " + string.Join(", ", duplicates));
        }

        if (bag.HasErrors)
        {
            return new BuildResult([], bag.ToSortedList());
        }

        var built = artifacts.Select(a => a.Path).ToHashSet(StringComparer.Ordinal);
        artifacts.AddRange((kept ?? []).Where(a => !built.Contains(a.Path) && a.Path != ManifestPath));
        artifacts.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        artifacts.Add(Artifact.Text(ManifestPath, "manifest", null, null, Manifest(context.Resolved, artifacts, gitRevision)));
        return new BuildResult(artifacts, bag.ToSortedList());
    }

    private static string Manifest(ResolvedSite resolved, IReadOnlyList<Artifact> artifacts, string? gitRevision)
    {
        var list = new JsonArray();
        foreach (var a in artifacts)
        {
            var o = new JsonObject
            {
                ["path"] = a.Path,
                ["family"] = a.Family,
                ["sha256"] = a.Sha256,
                ["bytes"] = a.Content.Length,
            };
            if (a.Machine is not null)
            {
                o["machine"] = a.Machine;
            }

            if (a.TargetPath is not null)
            {
                o["target"] = a.TargetPath;
            }

            list.Add(o);
        }

        var root = new JsonObject
        {
            ["site"] = resolved.Site.Settings.Name,
            ["gitRevision"] = gitRevision,
            ["artifacts"] = list,
        };
        return ViewJson.Serialize(root);
    }
}
