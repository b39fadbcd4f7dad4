using Elenta.Core.Emit;
using Elenta.Core.Loading;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// The real file system, read-only, so Core tests can compile the example sites of the repository
/// (examples/emerald-city with its narya overlay) through the same pipeline as the CLI.
/// </summary>
internal sealed class ProxyTestDisk : ISiteFileSystem
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ExampleSite(string name) => Path.Combine(RepositoryRoot, "examples", name);

    /// <summary>Compiles an example site and returns what emitters read; fails the test when the site has errors.</summary>
    public static EmitContext CompileExample(string name)
    {
        var compilation = Compilation.Create(ExampleSite(name), new ProxyTestDisk(), null, new CompilationOptions(true));
        Assert.True(compilation.Diagnostics.All(d => !d.IsError), DiagnosticAssertions.Describe(compilation.Diagnostics));
        return EmitContext.ForTests(compilation.Resolved!, new DateOnly(2026, 1, 1));
    }

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public IEnumerable<string> GetFiles(string directory) => Directory.EnumerateFiles(directory);

    public IEnumerable<string> GetDirectories(string directory) => Directory.EnumerateDirectories(directory);

    public long GetLength(string path) => new FileInfo(path).Length;

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public string GetFullPath(string path) => Path.GetFullPath(path, RepositoryRoot);

    public string GetDisplayPath(string path) => Path.GetRelativePath(RepositoryRoot, GetFullPath(path));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elenta.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Elenta.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
