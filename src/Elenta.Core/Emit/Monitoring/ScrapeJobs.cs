using System.Globalization;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Monitoring;

/// <summary>
/// Every role's <c>metrics</c>, placed: one target group per instance and job (and metrics path),
/// scraped at the instance's machine's primary address. Jobs and groups are sorted.
/// </summary>
public sealed record ScrapeJobs(IReadOnlyDictionary<string, IReadOnlyList<ScrapeTarget>> TargetsByJob)
{
    public static ScrapeJobs Create(Site site)
    {
        // Thousands of instances share a handful of roles: each role's jobs are worked out once.
        var jobsByRole = new Dictionary<string, IReadOnlyList<RoleJob>>(StringComparer.Ordinal);
        var groupsByJob = new Dictionary<string, List<ScrapeTarget>>(StringComparer.Ordinal);
        var names = SiteNames.Of(site);
        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is not { Metrics.Count: > 0 } role)
                {
                    continue;
                }

                var machine = instance.Machine;
                if (names.AddressOf(machine) is not { } address)
                {
                    continue; // EL4012
                }

                if (!jobsByRole.TryGetValue(role.Name, out var jobs))
                {
                    jobs = RoleJob.Of(role);
                    jobsByRole.Add(role.Name, jobs);
                }

                var host = address.IsV6 ? $"[{address}]" : address.ToString();
                foreach (var job in jobs)
                {
                    if (!job.IsValid)
                    {
                        continue; // EL6009
                    }

                    var targets = new string[job.Ports.Count];
                    for (var i = 0; i < targets.Length; i++)
                    {
                        targets[i] = string.Concat(host, ":", job.Ports[i]);
                    }

                    if (!groupsByJob.TryGetValue(job.Name, out var groups))
                    {
                        groups = [];
                        groupsByJob.Add(job.Name, groups);
                    }

                    groups.Add(new ScrapeTarget(job.Name, targets, machine, role.Name, constellation.Name, instance.Name, job.Path));
                }
            }
        }

        var byJobName = new SortedDictionary<string, IReadOnlyList<ScrapeTarget>>(StringComparer.Ordinal);
        foreach (var (job, groups) in groupsByJob)
        {
            byJobName[job] = SortedGroups(groups);
        }

        return new ScrapeJobs(byJobName);
    }

    /// <summary>By constellation, instance and metrics path; groups alike in all three keep their order (a stable sort).</summary>
    private static ScrapeTarget[] SortedGroups(List<ScrapeTarget> groups)
    {
        var sorted = groups.ToArray();
        var positions = new int[sorted.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        Array.Sort(positions, (a, b) =>
        {
            var order = string.CompareOrdinal(groups[a].Constellation, groups[b].Constellation);
            if (order == 0)
            {
                order = string.CompareOrdinal(groups[a].Instance, groups[b].Instance);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(groups[a].MetricsPath, groups[b].MetricsPath);
            }

            return order != 0 ? order : a.CompareTo(b);
        });
        for (var i = 0; i < positions.Length; i++)
        {
            sorted[i] = groups[positions[i]];
        }

        return sorted;
    }

    /// <summary>
    /// One job of a role (its metrics grouped by job name and path): the ports scraped, as sorted
    /// distinct text (every target of an instance has the same "host:" prefix, so sorting the ports'
    /// text sorts the targets), and whether its name can name a job.
    /// </summary>
    private sealed record RoleJob(string Name, string Path, IReadOnlyList<string> Ports, bool IsValid)
    {
        public static IReadOnlyList<RoleJob> Of(Role role)
        {
            var jobs = new List<RoleJob>();
            foreach (var byJob in role.Metrics.GroupBy(m => (Job: MetricJobs.JobOf(role, m), m.Path)))
            {
                var ports = byJob.Select(m => m.Port.From.ToString(CultureInfo.InvariantCulture))
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                jobs.Add(new RoleJob(byJob.Key.Job, byJob.Key.Path, ports, MetricJobs.IsValidJob(byJob.Key.Job)));
            }

            return jobs;
        }
    }
}
