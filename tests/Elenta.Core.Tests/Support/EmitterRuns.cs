using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;

namespace Elenta.Core.Tests.Support;

/// <summary>Runs one emitter the way elenta build does, and hands back its artifacts and sorted diagnostics.</summary>
public static class EmitterRuns
{
    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Run(IArtifactEmitter emitter, EmitContext context)
    {
        var bag = new DiagnosticBag();
        var artifacts = emitter.Emit(context, bag).ToList();
        return (artifacts, bag.ToSortedList());
    }

    /// <summary>Runs the emitter and fails the test when it reports anything; hands back the artifacts.</summary>
    public static IReadOnlyList<Artifact> RunClean(IArtifactEmitter emitter, EmitContext context)
    {
        var (artifacts, diagnostics) = Run(emitter, context);
        diagnostics.Clean();
        return artifacts;
    }

    /// <summary>Runs the emitter on a compiled site (which may carry diagnostics, but must have resolved).</summary>
    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Run(IArtifactEmitter emitter, Compilation compilation)
    {
        Assert.True(compilation.Resolved is not null, DiagnosticAssertions.Describe(compilation.Diagnostics));
        return Run(emitter, EmitContext.ForTests(compilation.Resolved!, ExampleSites.Today));
    }

    /// <summary>Compiles the site, fails the test when it has errors, and runs the emitter on it.</summary>
    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Run(IArtifactEmitter emitter, TestSite site, bool analyze = true)
    {
        var compilation = site.Compile(analyze: analyze);
        Assert.True(compilation.Diagnostics.All(d => !d.IsError), DiagnosticAssertions.Describe(compilation.Diagnostics));
        return Run(emitter, compilation);
    }
}
