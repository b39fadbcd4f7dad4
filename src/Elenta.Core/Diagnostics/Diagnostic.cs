using System.Collections.Immutable;
using Elenta.Core.Text;

namespace Elenta.Core.Diagnostics;

/// <summary>Another place a diagnostic involves, such as the first of two colliding definitions.</summary>
public sealed record RelatedLocation(Location Location, string Message);

/// <summary>One problem found in a site: immutable, with its span; rendering happens at the edge.</summary>
public sealed record Diagnostic(
    string Code,
    Severity Severity,
    string Message,
    Location? Location,
    string? Help,
    ImmutableArray<RelatedLocation> Related)
{
    public bool IsError => Severity == Severity.Error;

    public Diagnostic WithSeverity(Severity severity) => this with { Severity = severity };

    /// <summary>Orders diagnostics by file, position, then code, so output is deterministic.</summary>
    public static int Compare(Diagnostic a, Diagnostic b)
    {
        var byFile = string.CompareOrdinal(a.Location?.File.Path, b.Location?.File.Path);
        if (byFile != 0)
        {
            return byFile;
        }

        var byPos = (a.Location?.Span.Start ?? -1).CompareTo(b.Location?.Span.Start ?? -1);
        if (byPos != 0)
        {
            return byPos;
        }

        var byCode = string.CompareOrdinal(a.Code, b.Code);
        return byCode != 0 ? byCode : string.CompareOrdinal(a.Message, b.Message);
    }
}
