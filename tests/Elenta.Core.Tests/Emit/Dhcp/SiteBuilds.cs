using System.Text;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Tests.Support;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>Compiles a site and runs one or more emitters on it, the way elenta build does.</summary>
public static class SiteBuilds
{
    public static Compilation EmeraldCity()
    {
        var dir = Path.Combine(DiskFileSystem.RepositoryRoot(), "examples", "emerald-city");
        var compilation = Compilation.Create(dir, new DiskFileSystem(), nix: null);
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        return compilation;
    }

    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(Compilation compilation, IArtifactEmitter emitter)
    {
        Assert.NotNull(compilation.Resolved);
        var bag = new DiagnosticBag();
        var artifacts = emitter.Emit(EmitContext.ForTests(compilation.Resolved!, new DateOnly(2026, 1, 1)), bag).ToList();
        return (artifacts, bag.ToSortedList());
    }

    public static string Text(this IReadOnlyList<Artifact> artifacts, string path)
    {
        var artifact = artifacts.SingleOrDefault(a => a.Path == path);
        Assert.True(artifact is not null, $"no artifact {path}; have: {string.Join(", ", artifacts.Select(a => a.Path))}");
        return Encoding.UTF8.GetString(artifact!.Content);
    }
}
