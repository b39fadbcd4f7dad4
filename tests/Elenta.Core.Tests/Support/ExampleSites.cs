using System.Collections.Concurrent;
using Elenta.Core.Emit;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// The example sites of the repository (examples/emerald-city with its narya overlay, examples/broken/...):
/// where they are, compiling them from disk, and the emit context an emitter reads for them.
/// </summary>
public static class ExampleSites
{
    /// <summary>The build date the emitter tests pass in (only DNS serials and file templates read it).</summary>
    public static readonly DateOnly Today = new(2026, 1, 15);

    private static readonly ConcurrentDictionary<string, EmitContext> SharedContexts = new(StringComparer.Ordinal);

    /// <summary>The repository root: the nearest directory above the test binaries that holds Elenta.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Directory(string name) => Path.Combine(RepoRoot, "examples", name);

    /// <summary>Compiles an example site from disk (a fresh compilation each call); fails the test when it has errors.</summary>
    public static Compilation Compile(string name)
    {
        var compilation = Compilation.Create(Directory(name), new DiskFileSystem(), nix: null);
        Assert.False(compilation.HasErrors, $"the example {name} must compile:\n" + DiagnosticAssertions.Describe(compilation.Diagnostics));
        return compilation;
    }

    /// <summary>
    /// Compiles an example site with one more file merged in (a copy of examples/ in a temporary
    /// directory, so overlays such as ../narya still resolve); fails the test when it has errors.
    /// </summary>
    public static Compilation CompileWith(string name, string file, string text)
    {
        var root = Path.Combine(Path.GetTempPath(), "elenta-example-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var source in System.IO.Directory.EnumerateFiles(Path.Combine(RepoRoot, "examples"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(root, Path.GetRelativePath(Path.Combine(RepoRoot, "examples"), source));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }

            File.WriteAllText(Path.Combine(root, name, file), text);
            var compilation = Compilation.Create(Path.Combine(root, name), new DiskFileSystem(), nix: null);
            Assert.False(compilation.HasErrors, $"the example {name} with {file} must compile:\n" + DiagnosticAssertions.Describe(compilation.Diagnostics));
            return compilation;
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A freshly compiled example site as emitters see it, its templates read from disk.</summary>
    public static EmitContext EmitContext(string name, DateOnly? today = null)
    {
        var siteDir = Directory(name);
        return Elenta.Core.Emit.EmitContext.ForTests(Compile(name).Resolved!, today ?? Today) with
        {
            SiteDirectory = siteDir,
            ReadSiteFile = relative =>
            {
                var full = Path.GetFullPath(Path.Combine(siteDir, relative));
                return File.Exists(full) ? File.ReadAllText(full) : null;
            },
        };
    }

    /// <summary>Like <see cref="EmitContext"/>, compiled once per test run: for tests that only read it.</summary>
    public static EmitContext SharedEmitContext(string name) => SharedContexts.GetOrAdd(name, n => EmitContext(n));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elenta.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Elenta.slnx not found above " + AppContext.BaseDirectory);
    }
}
