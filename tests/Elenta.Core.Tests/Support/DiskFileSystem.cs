using Elenta.Core.Loading;

namespace Elenta.Core.Tests.Support;

/// <summary>The real file system, read-only, for tests that compile the example sites on disk.</summary>
public sealed class DiskFileSystem : ISiteFileSystem
{
    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => System.IO.File.Exists(path);

    public IEnumerable<string> GetFiles(string directory) => Directory.EnumerateFiles(directory);

    public IEnumerable<string> GetDirectories(string directory) => Directory.EnumerateDirectories(directory);

    public long GetLength(string path) => new FileInfo(path).Length;

    public byte[] ReadAllBytes(string path) => System.IO.File.ReadAllBytes(path);

    public string GetFullPath(string path) => Path.GetFullPath(path);

    public string GetDisplayPath(string path) => Path.GetFullPath(path);

    /// <summary>The repository root: the nearest directory above the test binaries that holds Elenta.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Elenta.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Elenta.slnx not found above " + AppContext.BaseDirectory);
    }
}
