using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6011: two roles placed on one machine install a file at the same path.</summary>
public sealed class FileRenderedTwiceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6011", "Two roles render the same file on one machine", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role's config.files are rendered for every machine it is placed on and installed at their
        path. When two roles on one machine both install /etc/x.conf, one would silently overwrite
        the other, so the files driver could not say which the machine runs. Give one file another
        path, or merge the two templates into one role. (This replaced the build's EL9142.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var view in context.Resolved.Machines.DistinctBy(v => v.Name))
        {
            Dictionary<string, RoleFile>? written = null;
            foreach (var placed in view.Roles)
            {
                foreach (var file in site.Roles[placed.Role]?.Config.Files ?? [])
                {
                    written ??= new Dictionary<string, RoleFile>(StringComparer.Ordinal);
                    if (!written.TryAdd(file.Path, file) && !ReferenceEquals(written[file.Path], file))
                    {
                        context.Report(Rule.Create(PathAt(file),
                            $"{view.Name} gets {file.Path} from two roles",
                            "give one of the files another path, or drop it from one role",
                            [new RelatedLocation(PathAt(written[file.Path]), "the other role's file")]));
                    }
                }
            }
        }
    }

    private static Text.Location PathAt(RoleFile file) => file.Node is MergedMapping map ? map.At("path") : file.Node.Location;
}
