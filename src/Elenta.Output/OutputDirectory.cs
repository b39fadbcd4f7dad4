using Elenta.Core.Emit;
using Elenta.Core.Loading;
using Microsoft.Win32.SafeHandles;

namespace Elenta.Output;

/// <summary>What a build did to its output directory, file by file (paths relative to it, sorted; the manifest, always last, not counted).</summary>
public sealed record OutputChanges(IReadOnlyList<string> Written, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Removed);

/// <summary>
/// A build's output directory: the previous build it holds (manifest and index), and writing a new
/// one into it. Only files whose bytes changed are written, each replaced through a temporary name;
/// the manifest comes after every file it lists; files the previous manifest listed and this build
/// does not make are removed; the index comes last (docs/build.md).
/// </summary>
public sealed class OutputDirectory
{
    public const string Marker = SiteLoader.OutputMarker;

    private OutputDirectory(string path, IReadOnlyDictionary<string, ManifestEntry> previous, OutputIndex index, IReadOnlyList<string> leftover)
    {
        Path = path;
        Previous = previous;
        Index = index;
        this.leftover = leftover;
    }

    /// <summary>
    /// Files an earlier build made that the manifest no longer lists, though no build removed them: one
    /// that stopped (killed, a crash, the disk full) between writing its manifest and the index, the
    /// step that removes them. The index, older than that manifest, still lists them; they are stale.
    /// </summary>
    private readonly IReadOnlyList<string> leftover;

    public string Path { get; }

    /// <summary>The previous build's files by path (empty when there is none, or its manifest is damaged or of another version).</summary>
    public IReadOnlyDictionary<string, ManifestEntry> Previous { get; }

    internal OutputIndex Index { get; }

    /// <summary>
    /// Reads the previous build. When only its paths are needed and the index was written with the
    /// manifest that is there (its stamp has not moved), the paths come from the index: the
    /// manifest's 50,000 entries at 10,000 hosts need not be parsed.
    /// </summary>
    public static OutputDirectory Open(string path, bool needDetails)
    {
        var index = OutputIndex.Read(path);
        var previous = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var manifestPath = System.IO.Path.Combine(path, Manifest.Path);
        var confirmed = index.Confirm(path, Manifest.Path);
        if (!needDetails && confirmed)
        {
            foreach (var listed in index.Paths)
            {
                if (listed != Manifest.Path && Manifest.IsInsideOutput(listed))
                {
                    previous[listed] = new ManifestEntry(listed, "unknown", string.Empty, 0, null);
                }
            }
        }
        else if (File.Exists(manifestPath) && Manifest.Read(File.ReadAllBytes(manifestPath)) is { } manifest)
        {
            foreach (var entry in manifest.Entries)
            {
                previous[entry.Path] = entry;
            }
        }

        // The index comes last: when it does not vouch for the manifest, what it lists beyond it was
        // never removed. (Without a manifest, or with a damaged one, the index's paths are all there is.)
        var leftover = confirmed
            ? []
            : index.Paths.Where(p => p != Manifest.Path && Manifest.IsInsideOutput(p) && !previous.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        return new OutputDirectory(path, previous, index, leftover);
    }

    /// <summary>
    /// Whether a build into <paramref name="output"/> would write among <paramref name="directory"/>'s
    /// files: the two are one directory, or the output holds it. Both are full paths; symbolic links
    /// are followed (an output given through a link to the site is the site).
    /// </summary>
    public static bool Holds(string output, string directory) => SiteLoader.IsWithin(Real(directory), Real(output));

    /// <summary>
    /// A file the loader would read as site data (YAML, JSON, Nix) in <paramref name="directory"/> or
    /// below it, when no build made the directory (it has no <see cref="Marker"/>) and it lies where a
    /// loader reads: inside a site (a directory above it, or itself, holds elenta.yaml) or inside one
    /// of <paramref name="overlays"/>. A build there would mark it, and the loader would skip it from
    /// then on, those files with it (the site's roles/, another site). The walk is the loader's: no
    /// hidden entries, no symbolic links, no directory a build marked, no other site. Null when there is none.
    /// </summary>
    public static string? SiteDataIn(string directory, IEnumerable<string> overlays)
    {
        var full = System.IO.Path.TrimEndingDirectorySeparator(directory);
        if (!Directory.Exists(full) || File.Exists(System.IO.Path.Combine(full, Marker))
            || (SiteLoader.FindSiteRoot(full, File.Exists) is null && !overlays.Any(o => Holds(o, full))))
        {
            return null;
        }

        return SiteDataBelow(full);
    }

    private static string? SiteDataBelow(string directory)
    {
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        if (Directory.EnumerateFiles(directory, "*", options).FirstOrDefault(f => SiteLoader.IsSiteDataName(System.IO.Path.GetFileName(f))) is { } file)
        {
            return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(directory, "*", options))
        {
            // Where the loader does not go (another site's its own loader reads, marker or not), neither does this.
            if (!SiteLoader.SkipsDirectory(sub, File.Exists) && SiteDataBelow(sub) is { } below)
            {
                return below;
            }
        }

        return null;
    }

    /// <summary>The path with its symbolic links resolved (realpath(3)) as far as it exists; the rest as given.</summary>
    internal static string Real(string full)
    {
        if (!OperatingSystem.IsLinux())
        {
            return full;
        }

        var existing = System.IO.Path.TrimEndingDirectorySeparator(full);
        var rest = new List<string>();
        while (!Directory.Exists(existing) && !File.Exists(existing))
        {
            if (System.IO.Path.GetDirectoryName(existing) is not { } parent)
            {
                return full;
            }

            rest.Insert(0, System.IO.Path.GetFileName(existing));
            existing = parent;
        }

        var real = OutputIndex.RealPath(existing) ?? existing;
        return rest.Count == 0 ? real : System.IO.Path.Combine([real, .. rest]);
    }

    /// <summary>A file of the previous build, if it is still there.</summary>
    public byte[]? ReadPrevious(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        return Previous.ContainsKey(relative) && File.Exists(full) ? File.ReadAllBytes(full) : null;
    }

    /// <summary>The previous build's files of the families not in <paramref name="only"/>, as artifacts (for a partial build).</summary>
    /// <exception cref="PartialBuildRefusedException">
    /// One of them is gone or no longer holds the bytes the previous manifest lists: kept as it is, a
    /// partial build would drop it from the manifest, or vouch for bytes no build made.
    /// </exception>
    public IReadOnlyList<Artifact> KeptOutside(IReadOnlyCollection<string> only)
    {
        var kept = new List<Artifact>();
        var changed = new List<string>();
        foreach (var e in Previous.Values.Where(e => !only.Contains(e.Family)).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            // The artifact's hash, made here, is the one its manifest line is then written with.
            var artifact = ReadPrevious(e.Path) is { } bytes ? new Artifact(e.Path, e.Family, e.Delivery, bytes) : null;
            if (artifact is null || !string.Equals(artifact.Sha256, e.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                changed.Add(e.Path);
                continue;
            }

            kept.Add(artifact);
        }

        if (changed.Count > 0)
        {
            throw new PartialBuildRefusedException(
                $"{Path}: {changed.Count} file(s) of the families --only keeps are gone or changed since the last build ({string.Join(", ", changed.Take(3))}{(changed.Count > 3 ? ", ..." : string.Empty)}); "
                + "a partial build would keep them as they are: run a full build (without --only) to make them again");
        }

        return kept;
    }

    /// <summary>Files written side by side, before the manifest: call <see cref="Finish"/> with what this returns.</summary>
    public sealed record WrittenFiles(IReadOnlyList<Artifact> Files, FileStamp?[] Stamps, bool[] Changed);

    /// <summary>
    /// Writes the files whose bytes changed, side by side (tens of thousands at 10,000 hosts). A file
    /// that replaces one of the previous build goes through a temporary name and a rename, so a
    /// reader never sees half of it; a new file is written in place (there is no previous version to
    /// read, and the manifest that lists it comes after it).
    /// </summary>
    public WrittenFiles WriteFiles(IReadOnlyList<Artifact> files)
    {
        Directory.CreateDirectory(Path);
        var marker = System.IO.Path.Combine(Path, Marker);
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, "This directory is the output of `elenta build`; Elenta never reads it as site data.\n");
        }

        // One thread per core: the pool adds threads while they wait in the kernel, and more writers
        // than cores only queue on the directory's lock. Directories are made when a file needs one.
        var cores = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        var stamps = new FileStamp?[files.Count];
        var changed = new bool[files.Count];
        Parallel.For(0, files.Count, cores, i => changed[i] = WriteIfChanged(files[i], out stamps[i]));
        return new WrittenFiles(files, stamps, changed);
    }

    /// <summary>The manifest after every file it lists, then what the previous build had and this one has not goes, then the index.</summary>
    public OutputChanges Finish(WrittenFiles files, Artifact manifest)
    {
        WriteIfChanged(manifest, out var manifestStamp);
        var removed = new List<string>();
        foreach (var stale in Stale(files.Files))
        {
            var path = System.IO.Path.Combine(Path, stale);
            if (File.Exists(path))
            {
                File.Delete(path);
                removed.Add(stale);
            }
        }

        OutputIndex.Write(Path, [.. files.Files, manifest], [.. files.Stamps, manifestStamp], Index);
        var written = new List<string>();
        var unchanged = new List<string>();
        for (var i = 0; i < files.Files.Count; i++)
        {
            (files.Changed[i] ? written : unchanged).Add(files.Files[i].Path);
        }

        return new OutputChanges(written, unchanged, removed);
    }

    /// <summary>What writing <paramref name="built"/> (the manifest last) would change, without writing anything.</summary>
    public OutputChanges Diff(IReadOnlyList<Artifact> built)
    {
        var artifacts = built.Where(a => a.Path != Manifest.Path).ToList();
        var differs = new bool[artifacts.Count];
        Parallel.For(0, artifacts.Count, i => differs[i] = !Holds(artifacts[i], out _));
        var written = artifacts.Where((_, i) => differs[i]).Select(a => a.Path).ToList();
        var unchanged = artifacts.Where((_, i) => !differs[i]).Select(a => a.Path).ToList();
        var removed = Stale(artifacts).Where(p => File.Exists(System.IO.Path.Combine(Path, p))).ToList();
        return new OutputChanges(written, unchanged, removed);
    }

    /// <summary>Paths the previous build made that <paramref name="files"/> does not, sorted.</summary>
    private List<string> Stale(IReadOnlyList<Artifact> files)
    {
        var stale = Previous.Keys.ToHashSet(StringComparer.Ordinal);
        stale.UnionWith(leftover);
        stale.ExceptWith(files.Select(a => a.Path));
        stale.Remove(Manifest.Path);
        return stale.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the file already holds exactly the artifact's bytes; the index says so without reading it when its stamp has not moved.</summary>
    private bool Holds(Artifact a, out FileStamp? stamp)
    {
        var target = System.IO.Path.Combine(Path, a.Path);
        stamp = FileStamp.Of(target);
        if (Index.Holds(a.Path, a.Sha256Bytes, stamp))
        {
            return true;
        }

        // The stamp already says whether the file is there and how long; stat again only where the
        // platform gives no stamp.
        var (exists, length) = stamp is { } s ? (true, s.Size) : new FileInfo(target) is { Exists: true } f ? (true, f.Length) : (false, 0L);
        return exists && length == a.Content.Length && File.ReadAllBytes(target).AsSpan().SequenceEqual(a.Content);
    }

    /// <summary>Writes one artifact unless the file already holds exactly its bytes; true when it wrote.</summary>
    private bool WriteIfChanged(Artifact a, out FileStamp? stamp)
    {
        if (Holds(a, out stamp))
        {
            return false;
        }

        var target = System.IO.Path.Combine(Path, a.Path);
        var exists = stamp is not null || File.Exists(target);
        var path = exists ? target + ".elenta-tmp" : target;
        var mode = exists ? FileMode.Create : FileMode.CreateNew;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, mode, FileAccess.Write);
        }
        catch (IOException ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            // Creating a file, ENOENT only means its directory is missing. .NET names it a missing
            // file instead when, by the time it looks, another writer has made the directory.
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            handle = File.OpenHandle(path, mode, FileAccess.Write);
        }

        using (handle)
        {
            RandomAccess.Write(handle, a.Content, 0);
        }

        if (!OperatingSystem.IsWindows() && a.Path.EndsWith(".sh", StringComparison.Ordinal))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        if (exists)
        {
            File.Move(path, target, overwrite: true);
        }

        stamp = FileStamp.Of(target);
        return true;
    }
}

/// <summary>
/// An output directory a build must not write into: one of the site's overlays, or a directory that
/// holds one (the next build would read its output back as site data), or one that holds site files
/// and no build (the loader would skip them once the build marks it).
/// </summary>
public sealed class OutputDirectoryRefusedException(string message) : IOException(message);

/// <summary>A partial build (<c>--only</c>) that would keep files the last build did not make as they are.</summary>
public sealed class PartialBuildRefusedException(string message) : IOException(message);
