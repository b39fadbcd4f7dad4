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

    /// <summary>
    /// A source file's path (as loaded: relative to the working directory, or absolute) as an
    /// artifact may name it: relative to the site directory, so the bytes do not depend on where
    /// elenta ran from. Null: the path with the site directory taken off its front, when it is there.
    /// </summary>
    public Func<string, string>? SitePath { get; init; }

    /// <summary>"file:line" of a place in the site, for comments in generated files.</summary>
    public string Where(Text.Location location) => $"{(SitePath ?? UnderSite)(location.File.Path)}:{location.Start.Line}";

    private string UnderSite(string path)
    {
        foreach (var root in new[] { SiteDirectory.TrimEnd('/') + "/", SiteDirectory.Trim('/') + "/" })
        {
            if (root.Length > 1 && path.StartsWith(root, StringComparison.Ordinal))
            {
                return path[root.Length..];
            }
        }

        return path;
    }
}
