using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Dashboard;

/// <summary>The Dashy configuration assembled from every role's <c>dashboard</c> entries.</summary>
public sealed class DashboardEmitter : IArtifactEmitter
{
    public const string OutputPath = "dashboard/conf.yml";

    public string Family => "dashboard";

    public string Description => "the Dashy conf.yml: every role's dashboard entries, in sections per constellation";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var plan = DashboardPlan.Create(context.Resolved.Site);
        return plan.Items.Count == 0 ? [] : [Artifact.Text(OutputPath, Family, null, null, DashyWriter.Write(plan))];
    }
}
