using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Monitoring;

/// <summary>
/// Prometheus file_sd target files, one per job, from every role's <c>metrics</c>, and their scrape
/// configs; delivered to the machines whose roles provide <c>prometheus</c>.
/// </summary>
public sealed class PrometheusEmitter : IArtifactEmitter
{
    public const string TargetDirectory = "/etc/prometheus/file_sd";
    public const string ScrapeConfigsPath = "monitoring/prometheus/scrape-configs.yaml";

    public string Family => "monitoring";

    public string Description => "Prometheus file_sd targets per job (labels host, role, constellation, instance) and their scrape configs";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var plan = ScrapeJobs.Create(context.Resolved.Site);
        if (plan.TargetsByJob.Count == 0)
        {
            return [];
        }

        // Prometheus re-reads file_sd targets by itself; the scrape configs need a reload.
        var servers = Semantics.ServiceMachines.Of(context.Resolved).Providing(Model.SiteService.Prometheus);
        var artifacts = plan.TargetsByJob
            .Select(job => new Artifact($"monitoring/prometheus/{job.Key}.json", Family, new Delivery(servers, TargetFileOf(job.Key)), PrometheusWriter.WriteTargets(job.Value)))
            .ToList();
        artifacts.Add(Artifact.Text(ScrapeConfigsPath, Family, new Delivery(servers, "/etc/prometheus/elenta-scrape-configs.yaml", "0644", ["systemctl reload prometheus"]),
            PrometheusWriter.WriteScrapeConfigs(plan.TargetsByJob.Keys, TargetFileOf)));
        return artifacts;
    }

    private static string TargetFileOf(string job) => $"{TargetDirectory}/{job}.json";
}
