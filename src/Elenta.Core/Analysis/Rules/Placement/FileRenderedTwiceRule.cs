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

        // Only roles with a file whose path another file (of another role, or of the same one)
        // also has can collide: most sites have none, so thousands of machines need not be walked.
        var rolesByPath = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var role in site.Roles)
        {
            foreach (var file in role.Config.Files)
            {
                if (!rolesByPath.TryGetValue(file.Path, out var roles))
                {
                    roles = [];
                    rolesByPath[file.Path] = roles;
                }

                roles.Add(role.Name);
            }
        }

        var sharing = rolesByPath.Values.Where(r => r.Count > 1).SelectMany(r => r).ToHashSet(StringComparer.Ordinal);
        if (sharing.Count == 0)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in context.Resolved.Machines)
        {
            if (!seen.Add(view.Name))
            {
                continue;
            }

            Dictionary<string, RoleFile>? written = null;
            foreach (var placed in view.Roles)
            {
                if (!sharing.Contains(placed.Role))
                {
                    continue;
                }

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
