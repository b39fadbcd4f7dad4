using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Deploy;

/// <summary>EL9251: a health check waits as long between tries as it may take in all: it is tried once.</summary>
public sealed class HealthIntervalRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9251", "Health check interval is not shorter than its timeout", Severity.Warning, "Deploy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A health check is tried every interval (default 2s) until it passes or its timeout (default
        30s) has gone by; then the machine is rolled back. An interval as long as the timeout, or
        longer, leaves one try: a service still starting fails its check, and the machine is rolled
        back for nothing.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var role in context.Site.Roles)
        {
            foreach (var check in role.Health.Where(h => h.IntervalSeconds >= h.TimeoutSeconds))
            {
                context.Report(Rule.Create(check.Node.Child("interval")?.Location ?? check.Node.Child("timeout")?.Location ?? check.Node.Location,
                    $"health check {check.Describe()} of role '{role.Name}' waits {check.IntervalSeconds}s between tries but fails after {check.TimeoutSeconds}s: it is tried once",
                    "make the interval shorter than the timeout (interval: 2s, timeout: 30s are the defaults)"));
            }
        }
    }
}
