using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6009: a role's metrics would be scraped under a job name that cannot name a Prometheus job file.</summary>
public sealed class InvalidJobNameRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6009", "Invalid Prometheus job name", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Each Prometheus job becomes a file, monitoring/prometheus/<job>.json, read by a file_sd
        scrape config. A role's metrics are scraped under their job:, else under the role's name,
        so that name may hold only letters, digits, '_', '-' and '.', and may not start with '.'.
        Reported for roles placed in a constellation, at the job (or at the role, when its name is
        the job). (This replaced the build's EL9081.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var placed = PlacementFacts.ByRole(site);
        foreach (var role in site.Roles)
        {
            if (!placed.ContainsKey(role.Name))
            {
                continue;
            }

            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var metric in role.Metrics)
            {
                var job = MetricJobs.JobOf(role, metric);
                if (MetricJobs.IsValidJob(job) || !reported.Add(job))
                {
                    continue;
                }

                var at = metric.Job is null ? role.Node.KeyAt() : (metric.Node as MergedMapping)?.At("job") ?? metric.Node.Location;
                context.Report(Rule.Create(at,
                    $"'{job}' cannot name a Prometheus job: it becomes a file name, so only letters, digits, '_', '-' and '.' are allowed",
                    "set metrics[].job to a name like node or postgres"));
            }
        }
    }
}
