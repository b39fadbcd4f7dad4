namespace Elenta.Core.Emit.Monitoring;

/// <summary>
/// One file_sd target group: the endpoints of one instance for one job, and the labels Prometheus
/// attaches to every series scraped from them.
/// </summary>
public sealed record ScrapeTarget(string Job, IReadOnlyList<string> Targets, string Host, string Role, string Constellation, string Instance, string MetricsPath);
