using Elenta.Core.Semantics;

namespace Elenta.Core.Emit;

/// <summary>
/// What an emitter may read besides the site: the build date, the previous build's files (to keep
/// SOA serials stable), the serial a running name server reports for a zone (SOA query; null when unknown), and a fixed serial for
/// hermetic builds. All of it is passed in, so emitters stay pure and testable in memory.
/// </summary>
public sealed record EmitContext(
    ResolvedSite Resolved,
    DateOnly Today,
    Func<string, byte[]?> PreviousArtifact,
    Func<string, uint?> LiveSerial,
    uint? SerialOverride,
    string SiteDirectory)
{
    public static EmitContext ForTests(ResolvedSite resolved, DateOnly today) =>
        new(resolved, today, _ => null, _ => null, null, "/site");

    /// <summary>Reads a file of the site (a template, say), through the same file system the site was loaded with.</summary>
    public Func<string, string?> ReadSiteFile { get; init; } = _ => null;

    /// <summary>Signs public zones with DNSSEC (keys kept with the site's secrets); null when the build has no secrets to sign with.</summary>
    public Dns.IZoneSigner? Signer { get; init; }

    /// <summary>
    /// "file:line" of a place in the site, for comments in generated files: the file relative to
    /// the site directory (an overlay's as ../overlay/...), so the bytes do not depend on where
    /// the command ran from.
    /// </summary>
    public string Where(Text.Location location) => $"{SitePath(location.File)}:{location.Start.Line}";

    // Emitters ask for the same few files' paths tens of thousands of times a build. A copy made
    // with `with` shares the table, so each entry remembers the site directory it was made for.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Text.SourceFile, (string Directory, string Path)> sitePaths = new(ReferenceEqualityComparer.Instance);

    private string SitePath(Text.SourceFile file)
    {
        if (sitePaths.TryGetValue(file, out var known) && known.Directory == SiteDirectory)
        {
            return known.Path;
        }

        var path = MakeSitePath(file);
        sitePaths[file] = (SiteDirectory, path);
        return path;
    }

    private string MakeSitePath(Text.SourceFile file)
    {
        if (file.FullPath is not { } full || !System.IO.Path.IsPathRooted(full) || !System.IO.Path.IsPathRooted(SiteDirectory))
        {
            return file.Path;
        }

        return System.IO.Path.GetRelativePath(SiteDirectory, full).Replace('\\', '/');
    }
}
