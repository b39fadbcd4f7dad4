using Elenta.Core.Emit;
using Elenta.Core.Loading;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// The real file system for Core tests that load a site from the repository (examples/emerald-city),
/// plus the helpers to compile it and to build an emit context that reads its templates.
/// </summary>
internal sealed class DiskSiteFiles : ISiteFileSystem
{
    public static readonly DateOnly Today = new(2026, 1, 15);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ExampleDirectory(string name) => Path.Combine(RepoRoot, "examples", name);

    public static Compilation CompileExample(string name) =>
        Compilation.Create(ExampleDirectory(name), new DiskSiteFiles(), nix: null);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, EmitContext> Contexts = new(StringComparer.Ordinal);

    /// <summary>An emit context for an example site whose templates are read from disk (compiled once per test run).</summary>
    public static EmitContext EmitContextFor(string name) => Contexts.GetOrAdd(name, CreateEmitContext);

    private static EmitContext CreateEmitContext(string name)
    {
        var compilation = CompileExample(name);
        Assert.False(compilation.HasErrors, "the example must compile: " + DiagnosticAssertions.Describe(compilation.Diagnostics));
        var siteDir = ExampleDirectory(name);
        return EmitContext.ForTests(compilation.Resolved!, Today) with
        {
            ReadSiteFile = relative =>
            {
                var full = Path.GetFullPath(Path.Combine(siteDir, relative));
                return File.Exists(full) ? File.ReadAllText(full) : null;
            },
        };
    }

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public IEnumerable<string> GetFiles(string directory) => Directory.EnumerateFiles(directory);

    public IEnumerable<string> GetDirectories(string directory) => Directory.EnumerateDirectories(directory);

    public long GetLength(string path) => new FileInfo(path).Length;

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public string GetFullPath(string path) => Path.GetFullPath(path);

    public string GetDisplayPath(string path) => Path.GetRelativePath(RepoRoot, Path.GetFullPath(path));

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
