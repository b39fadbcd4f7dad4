using System.Collections.Immutable;
using Elenta.Core.Text;

namespace Elenta.Core.Diagnostics;

/// <summary>The fixed facts about one diagnostic code: its title, default severity and area.</summary>
public sealed record DiagnosticDescriptor(string Code, string Title, Severity DefaultSeverity, string Category)
{
    public Diagnostic Create(Location? location, string message, string? help = null, IEnumerable<RelatedLocation>? related = null) =>
        new(Code, DefaultSeverity, message, location, help, related?.ToImmutableArray() ?? ImmutableArray<RelatedLocation>.Empty);

    /// <summary>
    /// The code that now reports what this one did, when this code is retired (see
    /// <see cref="RetiredCodes"/>): it is never reported any more, but <c>--explain</c> and the docs
    /// still answer for it.
    /// </summary>
    public string? ReplacedBy { get; init; }

    public bool IsRetired => ReplacedBy is not null;

    /// <summary>The anchor of this code's section in docs/diagnostics.md.</summary>
    public string DocsAnchor => Code.ToLowerInvariant();
}
