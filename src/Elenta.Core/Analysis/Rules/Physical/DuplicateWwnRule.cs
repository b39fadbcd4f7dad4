using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7009: two disks have the same WWN.</summary>
public sealed class DuplicateWwnRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7009", "Two disks with one WWN", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A WWN (World Wide Name) identifies one disk for its whole life; it is how Elenta names disks
        in format scripts and pools so that they survive reboots. Two disks with one WWN are one
        disk written down twice, or a WWN copied from the line above and not edited.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var byWwn = new Dictionary<string, Disk>(StringComparer.Ordinal);
        foreach (var disk in context.Site.Cadaster.Disks)
        {
            if (disk.Wwn is not { } wwn)
            {
                continue;
            }

            if (!byWwn.TryGetValue(wwn.Hex, out var first))
            {
                byWwn[wwn.Hex] = disk;
                continue;
            }

            context.Report(Rule.Create(disk.Node.At("wwn"),
                $"disk '{disk.Name}' has WWN {wwn.Hex}, which disk '{first.Name}' already has",
                "read the WWN off the disk (ls -l /dev/disk/by-id/wwn-*) and correct one of them; if they are one disk, remove one entry",
                [new RelatedLocation(first.Node.At("wwn"), $"disk '{first.Name}' has WWN {wwn.Hex} here")]));
        }
    }
}
