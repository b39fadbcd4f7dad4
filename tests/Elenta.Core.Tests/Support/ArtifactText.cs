using System.Text;
using Elenta.Core.Emit;

namespace Elenta.Core.Tests.Support;

/// <summary>Finding an artifact by path and reading it as text.</summary>
public static class ArtifactText
{
    public static string Text(this Artifact artifact) => Encoding.UTF8.GetString(artifact.Content);

    public static Artifact At(this IReadOnlyList<Artifact> artifacts, string path) =>
        artifacts.SingleOrDefault(a => a.Path == path) ?? throw new Xunit.Sdk.XunitException($"no artifact {path}; have: {string.Join(", ", artifacts.Select(a => a.Path))}");

    public static string Text(this IReadOnlyList<Artifact> artifacts, string path) => artifacts.At(path).Text();
}
