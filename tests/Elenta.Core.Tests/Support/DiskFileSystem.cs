using Elenta.Core.Loading;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// The real file system, read-only, for tests that compile the example sites of the repository.
/// Paths are shown relative to the repository root (examples/emerald-city/hosts.yaml), as the CLI
/// shows them when run from there; relative paths are resolved against the repository root too.
/// </summary>
public sealed class DiskFileSystem : ISiteFileSystem
{
    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public IEnumerable<string> GetFiles(string directory) => Directory.EnumerateFiles(directory);

    public IEnumerable<string> GetDirectories(string directory) => Directory.EnumerateDirectories(directory);

    public long GetLength(string path) => new FileInfo(path).Length;

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public int ReadInto(string path, ref byte[] buffer) => SiteFileReading.ReadInto(path, ref buffer);

    public int ReadInto(string path, Span<byte> destination) => SiteFileReading.ReadInto(path, destination);

    public string GetFullPath(string path) => Path.GetFullPath(path, ExampleSites.RepoRoot);

    public string GetDisplayPath(string path) => Path.GetRelativePath(ExampleSites.RepoRoot, GetFullPath(path));
}
