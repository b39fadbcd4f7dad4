using Elenta.Core.Loading;

namespace Elenta.Cli.Hosting;

/// <summary>The real file system, with paths shown relative to the working directory.</summary>
internal sealed class PhysicalFileSystem(string workingDirectory) : ISiteFileSystem
{
    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public IEnumerable<string> GetFiles(string directory) => Directory.EnumerateFiles(directory);

    /// <summary>Subdirectories, without symbolic links: a link could loop, or pull in another site.</summary>
    public IEnumerable<string> GetDirectories(string directory) =>
        Directory.EnumerateDirectories(directory).Where(d => (File.GetAttributes(d) & FileAttributes.ReparsePoint) == 0);

    public long GetLength(string path) => new FileInfo(path).Length;

    public byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    public int ReadInto(string path, ref byte[] buffer) => SiteFileReading.ReadInto(path, ref buffer);

    public int ReadInto(string path, Span<byte> destination) => SiteFileReading.ReadInto(path, destination);

    public string GetFullPath(string path) => Path.GetFullPath(path, workingDirectory);

    public string GetDisplayPath(string path)
    {
        var full = GetFullPath(path);
        var relative = Path.GetRelativePath(workingDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }
}
