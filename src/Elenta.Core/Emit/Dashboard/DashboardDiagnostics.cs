using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Dashboard;

/// <summary>What the dashboard emitter reports: codes EL9090–EL9099 (the monitoring range, split off with the family).</summary>
public static class DashboardDiagnostics
{
    public static readonly DiagnosticDescriptor NoUrl = new("EL9090", "A dashboard entry has no URL", Severity.Warning, "Emit");

    public static Diagnostic NoUrlWarning(Location location, string title, string instance) =>
        NoUrl.Create(location,
            $"dashboard entry '{title}' of instance '{instance}' has no url, and its role has no proxy entry and no TCP service to link to; it is left off the dashboard",
            "set url on the entry, or give the role a proxy entry or a service");
}
