using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Monitoring;

/// <summary>
/// Prometheus file_sd target files, one per job, from every role's <c>metrics</c>, and their scrape
/// complete prometheus.yml; delivered to the machines whose roles provide <c>prometheus</c>.
/// </summary>
public sealed class PrometheusEmitter : IArtifactEmitter
{
    public const string TargetDirectory = "/etc/prometheus/file_sd";
    public const string ConfigPath = "monitoring/prometheus/prometheus.yml";
    public const string ConfigTarget = "/etc/prometheus/prometheus.yml";

    public string Family => "monitoring";

    public string Description => "Prometheus file_sd targets per job (labels host, role, constellation, instance) and a complete prometheus.yml scraping them";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var plan = ScrapeJobs.Create(context.Resolved.Site);
        var servers = Semantics.ServiceMachines.Of(context.Resolved).Providing(Model.SiteService.Prometheus);
        if (plan.TargetsByJob.Count == 0 && servers.Count == 0)
        {
            return [];
        }

        // Prometheus re-reads file_sd targets by itself; prometheus.yml needs a reload.
        var artifacts = plan.TargetsByJob
            .Select(job => new Artifact($"monitoring/prometheus/{job.Key}.json", Family, new Delivery(servers, TargetFileOf(job.Key)), PrometheusWriter.WriteTargets(job.Value)))
            .ToList();
        artifacts.Add(Artifact.Text(ConfigPath, Family, new Delivery(servers, ConfigTarget, "0644", ["systemctl reload prometheus"]),
            PrometheusWriter.WriteConfig(plan.TargetsByJob.Keys, TargetFileOf)));
        return artifacts;
    }

    public static string TargetFileOf(string job) => $"{TargetDirectory}/{job}.json";
}
