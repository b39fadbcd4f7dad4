using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Monitoring;

/// <summary>
/// Every role's <c>metrics</c>, placed: one target group per instance and job (and metrics path),
/// scraped at the instance's machine's primary address. Jobs and groups are sorted.
/// </summary>
public sealed record ScrapePlan(IReadOnlyDictionary<string, IReadOnlyList<ScrapeTarget>> TargetsByJob)
{
    public static ScrapePlan Create(Site site, DiagnosticBag diagnostics)
    {
        var groups = new List<ScrapeTarget>();
        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is not { Metrics.Count: > 0 } role)
                {
                    continue;
                }

                var machine = instance.Machine;
                var ip = site.AddressOf(instance);
                if (ip is not { } address)
                {
                    diagnostics.Add(MonitoringDiagnostics.NoAddressWarning(instance.Node.KeyAt(), instance.Name, machine));
                    continue;
                }

                var host = address.IsV6 ? $"[{address}]" : address.ToString();
                foreach (var byJob in role.Metrics.GroupBy(m => (Job: m.Job ?? role.Name, m.Path)))
                {
                    if (!IsValidJob(byJob.Key.Job))
                    {
                        var first = byJob.First();
                        var where = first.Job is null ? role.Node.KeyAt() : (first.Node as MergedMapping)?.At("job") ?? first.Node.Location;
                        diagnostics.Add(MonitoringDiagnostics.InvalidJobNameError(where, byJob.Key.Job));
                        continue;
                    }

                    var targets = byJob.Select(m => $"{host}:{m.Port.From}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    groups.Add(new ScrapeTarget(byJob.Key.Job, targets, machine, role.Name, constellation.Name, instance.Name, byJob.Key.Path));
                }
            }
        }

        var byJobName = new SortedDictionary<string, IReadOnlyList<ScrapeTarget>>(StringComparer.Ordinal);
        foreach (var job in groups.GroupBy(g => g.Job, StringComparer.Ordinal))
        {
            byJobName[job.Key] = job
                .OrderBy(g => g.Constellation, StringComparer.Ordinal)
                .ThenBy(g => g.Instance, StringComparer.Ordinal)
                .ThenBy(g => g.MetricsPath, StringComparer.Ordinal)
                .ToList();
        }

        return new ScrapePlan(byJobName);
    }

    private static bool IsValidJob(string job) =>
        job.Length > 0 && job[0] != '.' && job.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
