using System.Text;
using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Loading;

/// <summary>One file of a site, read and parsed. <see cref="Root"/> is null when the file had errors or was empty.</summary>
public sealed record LoadedFile(SourceFile Source, MappingSyntax? Root, string? Overlay);

/// <summary>Every file of a site and its overlays, in merge order (site files first, then each overlay's).</summary>
public sealed record LoadedSite(string RootDirectory, IReadOnlyList<LoadedFile> Files);

/// <summary>
/// Finds and parses a site's files: elenta.yaml, every *.yaml, *.yml, *.json and *.nix below the root
/// (hidden directories, nested sites, the directories listed in elenta.yaml's <c>ignore</c> and files
/// named flake.nix are skipped), then the directories named by <c>overlays</c>.
/// </summary>
public static class SiteLoader
{
    public const string SiteFileName = "elenta.yaml";
    /// <summary>
    /// The largest site file read: a guard against reading a disk image by mistake, well above a
    /// site kept in one file per section (100,000 hosts in one file: 84 MB; docs/benchmarks.md).
    /// </summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The file `elenta build` leaves in its output directory, so an output inside the site is never read back as site data.</summary>
    public const string OutputMarker = ".elenta-output";

    /// <summary>A Nix flake (the site's NixOS configurations) may sit among the site's files; it is not read as site data.</summary>
    public const string FlakeFileName = "flake.nix";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json", ".nix"];

    public static LoadedSite Load(string siteDirectory, ISiteFileSystem fs, INixEvaluator? nix, DiagnosticBag diagnostics)
    {
        // Without a trailing separator ("./", "private/"), so that paths compare as directories.
        var root = Path.TrimEndingDirectorySeparator(fs.GetFullPath(siteDirectory));
        if (!fs.DirectoryExists(root))
        {
            diagnostics.Add(fs.FileExists(root)
                ? Messages.SiteNotFoundError(siteDirectory, "it is a file, not a directory")
                : Messages.SiteNotFoundError(siteDirectory, "the directory does not exist"));
            return new LoadedSite(root, []);
        }

        var settingsPath = Path.Combine(root, SiteFileName);
        if (!fs.FileExists(settingsPath))
        {
            diagnostics.Add(Messages.SiteNotFoundError(siteDirectory, fs.DirectoryExists(settingsPath) ? $"its {SiteFileName} is a directory, not a file" : $"it has no {SiteFileName}"));
            return new LoadedSite(root, []);
        }

        var settingsFile = LoadFile(settingsPath, fs, nix, diagnostics, null);
        var ignores = ReadStringList(settingsFile.Root, "ignore")
            .Select(s => Path.TrimEndingDirectorySeparator(fs.GetFullPath(Path.Combine(root, s.Value))))
            .ToHashSet(StringComparer.Ordinal);
        var overlays = ReadStringList(settingsFile.Root, "overlays").Select(s => (s.Value, s.Location, Root: Path.TrimEndingDirectorySeparator(fs.GetFullPath(Path.Combine(root, s.Value))))).ToList();
        // An overlay kept inside the site is read once, as the overlay it is.
        ignores.UnionWith(overlays.Select(o => o.Root));

        var paths = new List<(string Path, string? Overlay)>();
        foreach (var path in Enumerate(root, root, fs, ignores, diagnostics))
        {
            if (!string.Equals(path, settingsPath, StringComparison.Ordinal))
            {
                paths.Add((path, null));
            }
        }

        foreach (var (overlay, location, overlayRoot) in overlays)
        {
            if (!fs.DirectoryExists(overlayRoot))
            {
                diagnostics.Add(Messages.OverlayNotFoundError(location, overlay, isFile: fs.FileExists(overlayRoot)));
                continue;
            }

            // The site itself ("."), or a directory above it ("..", "/"): the site would be read twice, and everything beside it.
            if (IsWithin(root, overlayRoot))
            {
                diagnostics.Add(Messages.OverlayHoldsSiteError(location, overlay));
                continue;
            }

            // Whatever path led the build there (a symlink, say): an overlay's own files are all read.
            if (IsOutput(fs, overlayRoot))
            {
                diagnostics.Add(Messages.OverlayIsOutputError(location, overlay));
                continue;
            }

            foreach (var path in Enumerate(overlayRoot, overlayRoot, fs, [], diagnostics))
            {
                paths.Add((path, overlay));
            }
        }

        var loaded = new LoadedFile[paths.Count];
        Parallel.For(0, paths.Count, i => loaded[i] = LoadFile(paths[i].Path, fs, nix, diagnostics, paths[i].Overlay));
        var files = new List<LoadedFile>(loaded.Length + 1) { settingsFile };
        files.AddRange(loaded);
        return new LoadedSite(root, files);
    }

    /// <summary>
    /// The site <paramref name="directory"/> is in: the nearest directory at or above it that holds
    /// elenta.yaml, as git finds the repository it is run in; null when <paramref name="directory"/>
    /// does not exist or no directory above it is a site.
    /// </summary>
    public static string? FindSiteRoot(string directory, ISiteFileSystem fs)
    {
        var full = fs.GetFullPath(directory);
        if (!fs.DirectoryExists(full))
        {
            return null; // a mistyped path is reported as it is, not replaced by the site around it
        }

        return FindSiteRoot(full, fs.FileExists);
    }

    /// <summary><see cref="FindSiteRoot(string, ISiteFileSystem)"/> of a full path that exists, asking <paramref name="fileExists"/>.</summary>
    public static string? FindSiteRoot(string fullDirectory, Func<string, bool> fileExists)
    {
        for (var dir = fullDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (fileExists(Path.Combine(dir, SiteFileName)))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is <paramref name="directory"/> or lies below it, by their full
    /// paths as written (a trailing separator or none; "/" holds everything).
    /// </summary>
    public static bool IsWithin(string path, string directory)
    {
        var inner = Path.TrimEndingDirectorySeparator(path);
        var outer = Path.TrimEndingDirectorySeparator(directory);
        var below = Path.EndsInDirectorySeparator(outer) ? outer : outer + Path.DirectorySeparatorChar; // "/" stays "/"
        return inner == outer || inner.StartsWith(below, StringComparison.Ordinal);
    }

    /// <summary>
    /// A subdirectory the loader does not go into, whatever <c>ignore</c> says: hidden, another site
    /// (an overlay kept inside this one, say), or a build's output.
    /// </summary>
    public static bool SkipsDirectory(string directory, Func<string, bool> fileExists) =>
        IsHidden(directory) || fileExists(Path.Combine(directory, SiteFileName)) || fileExists(Path.Combine(directory, OutputMarker));

    /// <summary>A file or directory the loader never reads, whatever it holds: its name starts with a dot (.git, .secrets, .elenta).</summary>
    public static bool IsHidden(string path) => Path.GetFileName(path.AsSpan()).StartsWith('.');

    /// <summary>Whether the loader reads a file of this name as site data (by its extension; never a hidden file or a flake.nix).</summary>
    public static bool IsSiteDataName(string name) =>
        !IsHidden(name) && name != FlakeFileName && Extensions.Contains(Path.GetExtension(name), StringComparer.Ordinal);

    /// <summary>A directory the loader never reads because a build wrote it (it holds <see cref="OutputMarker"/>).</summary>
    public static bool IsOutput(ISiteFileSystem fs, string directory) => fs.FileExists(Path.Combine(directory, OutputMarker));

    private static IEnumerable<string> Enumerate(string directory, string root, ISiteFileSystem fs, HashSet<string> ignores, DiagnosticBag diagnostics)
    {
        List<string> files, subs;
        try
        {
            files = [.. fs.GetFiles(directory).Order(StringComparer.Ordinal)];
            subs = [.. fs.GetDirectories(directory).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // A directory the site cannot list is as a file it cannot read: said, and the rest read.
            diagnostics.Add(Messages.DirectoryUnreadableError(fs.GetDisplayPath(directory), ex.Message));
            yield break;
        }

        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            // A flake.nix is the site's NixOS flake (docs/nixos.md): a function, never site data.
            if (IsSiteDataName(name))
            {
                yield return file;
            }
        }

        foreach (var sub in subs)
        {
            if (SkipsDirectory(sub, fs.FileExists) || ignores.Contains(Path.TrimEndingDirectorySeparator(fs.GetFullPath(sub))))
            {
                continue;
            }

            foreach (var file in Enumerate(sub, root, fs, ignores, diagnostics))
            {
                yield return file;
            }
        }
    }

    /// <summary>Reads one file. Public so tools and tests can feed single files through the same path.</summary>
    public static LoadedFile LoadFile(string path, ISiteFileSystem fs, INixEvaluator? nix, DiagnosticBag diagnostics, string? overlay)
    {
        var display = fs.GetDisplayPath(path);
        var local = new List<Diagnostic>();
        SourceFile source;
        MappingSyntax? root = null;
        try
        {
            var length = fs.GetLength(path);
            if (length > MaxFileBytes)
            {
                source = new SourceFile(display, string.Empty);
                local.Add(Messages.FileTooLargeError(new Location(source, default), length, MaxFileBytes));
            }
            else
            {
                (source, root) = SiteFileReading.Lend(fs, path, bytes => Parse(display, bytes, path, nix, local), length);
            }
        }
        catch (IOException ex)
        {
            source = new SourceFile(display, string.Empty);
            local.Add(Messages.FileUnreadableError(null, display, ex.Message));
        }
        catch (UnauthorizedAccessException ex)
        {
            source = new SourceFile(display, string.Empty);
            local.Add(Messages.FileUnreadableError(null, display, ex.Message));
        }

        source.FullPath = path;
        diagnostics.AddRange(local);
        return new LoadedFile(source, root, overlay);
    }

    /// <summary>Parses bytes as the file type its name says. Pure; exposed for the fuzz tests.</summary>
    public static (SourceFile Source, MappingSyntax? Root) Parse(string displayPath, byte[] bytes, string path, INixEvaluator? nix, List<Diagnostic> diagnostics) =>
        Parse(displayPath, bytes.AsSpan(), path, nix, diagnostics);

    private static (SourceFile Source, MappingSyntax? Root) Parse(string displayPath, ReadOnlySpan<byte> bytes, string path, INixEvaluator? nix, List<Diagnostic> diagnostics)
    {
        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var body = bytes[offset..];
        string text;
        var nul = body.IndexOf((byte)0);
        if (nul >= 0)
        {
            var source = new SourceFile(displayPath, string.Empty);
            diagnostics.Add(Messages.NotTextError(new Location(source, default), $"it holds a NUL byte at offset {nul + offset}"));
            return (source, null);
        }

        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException ex)
        {
            var source = new SourceFile(displayPath, string.Empty);
            diagnostics.Add(Messages.NotTextError(new Location(source, default), $"invalid UTF-8 at offset {ex.Index + offset}"));
            return (source, null);
        }

        var file = new SourceFile(displayPath, text);
        SyntaxNode? node;
        switch (Path.GetExtension(path))
        {
            case ".json":
                node = JsonFileLoader.Load(file, body.ToArray(), diagnostics); // JSON files are few and small: its reader keeps the bytes
                break;
            case ".nix":
                node = LoadNix(file, path, nix, diagnostics);
                break;
            default:
                node = YamlFileLoader.Load(file, diagnostics);
                break;
        }

        switch (node)
        {
            case null:
                return (file, null);
            case MappingSyntax map:
                return (file, map);
            case ScalarSyntax { IsNull: true }:
                return (file, null); // an empty file contributes nothing
            default:
                diagnostics.Add(Messages.RootNotMappingError(node.Location, node.KindName == "list" ? "a list" : "a single value"));
                return (file, null);
        }
    }

    private static SyntaxNode? LoadNix(SourceFile file, string path, INixEvaluator? nix, List<Diagnostic> diagnostics)
    {
        var whole = new Location(file, new TextSpan(0, Math.Min(file.Text.Length, file.GetLineText(1).Length)));
        var result = nix?.Evaluate(path) ?? NixEvaluation.NotInstalled;
        if (!result.Available)
        {
            diagnostics.Add(Messages.NixUnavailableError(whole));
            return null;
        }

        if (result.Json is null)
        {
            var at = whole;
            if (result.Line is { } line)
            {
                var offset = file.GetOffset(line, result.Column ?? 1);
                at = new Location(file, new TextSpan(offset, Math.Min(1, file.Text.Length - offset)));
            }

            diagnostics.Add(Messages.NixFailedError(at, result.Error ?? "no output"));
            return null;
        }

        var json = Encoding.UTF8.GetBytes(result.Json);
        return JsonFileLoader.Load(file, json, diagnostics, whole);
    }

    private static IEnumerable<ScalarSyntax> ReadStringList(MappingSyntax? root, string key)
    {
        var entry = root?.Entries.FirstOrDefault(e => e.Key == key);
        return entry?.Value switch
        {
            SequenceSyntax seq => seq.Items.OfType<ScalarSyntax>().Where(s => !s.IsNull),
            ScalarSyntax { IsNull: false } s => [s],
            _ => [],
        };
    }
}
