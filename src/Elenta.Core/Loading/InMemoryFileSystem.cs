using System.Text;

namespace Elenta.Core.Loading;

/// <summary>A site held in memory, for tests and for tools that generate sites.</summary>
public sealed class InMemoryFileSystem : ISiteFileSystem
{
    private readonly SortedDictionary<string, byte[]> files = new(StringComparer.Ordinal);

    public InMemoryFileSystem Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    public InMemoryFileSystem Add(string path, byte[] bytes)
    {
        files[GetFullPath(path)] = bytes;
        return this;
    }

    public bool DirectoryExists(string path)
    {
        var prefix = GetFullPath(path).TrimEnd('/') + "/";
        return prefix == "/" || files.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    public bool FileExists(string path) => files.ContainsKey(GetFullPath(path));

    public IEnumerable<string> GetFiles(string directory)
    {
        var prefix = GetFullPath(directory).TrimEnd('/') + "/";
        return files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0).ToList();
    }

    public IEnumerable<string> GetDirectories(string directory)
    {
        var prefix = GetFullPath(directory).TrimEnd('/') + "/";
        return files.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) > 0)
            .Select(k => k[..k.IndexOf('/', prefix.Length)])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    public long GetLength(string path) => files[GetFullPath(path)].LongLength;

    public byte[] ReadAllBytes(string path) =>
        files.TryGetValue(GetFullPath(path), out var bytes) ? bytes : throw new FileNotFoundException(path);

    public string GetFullPath(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    public string GetDisplayPath(string path) => GetFullPath(path).TrimStart('/');
}
