using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Dashboard;

/// <summary>
/// The Dashy configuration assembled from every role's <c>dashboard</c> entries, delivered to the
/// machines whose roles provide <c>dashboard</c>.
/// </summary>
public sealed class DashboardEmitter : IArtifactEmitter
{
    public const string OutputPath = "dashboard/conf.yml";

    /// <summary>Where it goes on the machines whose roles provide <c>dashboard</c>.</summary>
    public const string TargetPath = "/etc/dashy/conf.yml";

    public string Family => "dashboard";

    public string Description => "the Dashy conf.yml: every role's dashboard entries, in sections per constellation";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var plan = DashboardLayout.Create(context.Resolved.Site);
        if (plan.Items.Count == 0)
        {
            return [];
        }

        // Dashy reads its configuration again when the page loads: nothing to run.
        var servers = Semantics.ServiceMachines.Of(context.Resolved).Providing(Model.SiteService.Dashboard);
        return [Artifact.Text(OutputPath, Family, new Delivery(servers, TargetPath), DashyWriter.Write(plan))];
    }
}
