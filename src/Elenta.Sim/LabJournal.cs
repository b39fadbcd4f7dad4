using System.Text;

namespace Elenta.Sim;

/// <summary>
/// The lab's record of what it made, one line per object, appended and flushed to disk before the
/// object is created: whatever point <c>sim up</c> is killed at, <c>sim down</c> finds every object
/// that may exist (and skips those that do not). It lives under /var/lib/elenta/sim/LAB, so it
/// outlives a reboot (which takes the namespaces and processes with it).
/// Lines: <c>netns NAME</c>, <c>dir PATH</c>, <c>up ISO-TIME</c> (the lab is complete).
/// </summary>
public sealed class LabJournal
{
    public const string DefaultRoot = "/var/lib/elenta/sim";

    private LabJournal(string directory) => Directory = directory;

    /// <summary>The lab's directory: the journal and each machine's private directories.</summary>
    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, "journal");

    public static LabJournal For(string lab, string? root = null) => new(Path.Combine(root ?? DefaultRoot, lab));

    public bool Exists => File.Exists(FilePath);

    public IReadOnlyList<(string Kind, string Value)> Entries() =>
        Exists
            ? File.ReadAllLines(FilePath).Where(l => l.Contains(' ')).Select(l => (l[..l.IndexOf(' ')], l[(l.IndexOf(' ') + 1)..])).ToList()
            : [];

    public void Start()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(FilePath, string.Empty);
    }

    /// <summary>Records objects before they are made; flushed to the disk before it returns.</summary>
    public void Record(IEnumerable<(string Kind, string Value)> entries)
    {
        var text = new StringBuilder();
        foreach (var (kind, value) in entries)
        {
            text.Append(kind).Append(' ').Append(value).Append('\n');
        }

        using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    public void Record(string kind, string value) => Record([(kind, value)]);

    /// <summary>Every lab with a journal under the root.</summary>
    public static IReadOnlyList<string> Labs(string? root = null)
    {
        var dir = root ?? DefaultRoot;
        return System.IO.Directory.Exists(dir)
            ? System.IO.Directory.EnumerateDirectories(dir).Where(d => File.Exists(Path.Combine(d, "journal"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
