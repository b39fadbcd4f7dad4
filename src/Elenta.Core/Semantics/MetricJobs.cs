using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// The Prometheus job a role's metric is scraped under, and whether that name can be one: it
/// becomes a file name (monitoring/prometheus/&lt;job&gt;.json). The check (EL6009) and the
/// monitoring emitter ask here, so they agree.
/// </summary>
public static class MetricJobs
{
    /// <summary>The metric's own job, else the role's name.</summary>
    public static string JobOf(Role role, Metric metric) => metric.Job ?? role.Name;

    public static bool IsValidJob(string job) =>
        job.Length > 0 && job[0] != '.' && job.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
