using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6004: two mounts anywhere in the site export the same dataset.</summary>
public sealed class DatasetExportedTwiceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6004", "One dataset exported twice", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A mount with export: true and a dataset serves that dataset over NFS. Two exports of one
        dataset, from two instances anywhere in the site (or in two constellations checked
        together), mean two servers writing the same data behind clients' backs. Give each dataset
        one exporter and let everyone else mount it from there.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var exporters = new Dictionary<string, (PlacedInstance Instance, Mount Mount)>(StringComparer.Ordinal);
        foreach (var p in PlacementFacts.DistinctRunning(context.Site))
        {
            foreach (var mount in p.Role.Mounts)
            {
                if (!mount.Export || mount.Dataset is not { } dataset)
                {
                    continue;
                }

                if (!exporters.TryGetValue(dataset, out var first))
                {
                    exporters[dataset] = (p, mount);
                    continue;
                }

                if (ReferenceEquals(first.Instance.Instance, p.Instance))
                {
                    continue;
                }

                context.Report(Rule.Create(((MergedMapping)mount.Node).At("dataset"),
                    $"{p.Describe()} exports dataset '{dataset}', which {first.Instance.Describe()} already exports",
                    "export each dataset from one instance only; other machines mount it from that one",
                    [
                        new RelatedLocation(((MergedMapping)first.Mount.Node).At("dataset"), $"role '{first.Instance.Role.Name}' exports '{dataset}' here"),
                        new RelatedLocation(first.Instance.KeyLocation, $"{first.Instance.Describe()} is placed here"),
                        new RelatedLocation(p.KeyLocation, $"{p.Describe()} is placed here"),
                    ]));
            }
        }
    }
}
