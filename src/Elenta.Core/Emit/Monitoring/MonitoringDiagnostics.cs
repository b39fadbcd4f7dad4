using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Monitoring;

/// <summary>What the Prometheus emitter reports: codes EL9081–EL9089 (EL9080 is retired) (EL9090–EL9099 are the dashboard's).</summary>
public static class MonitoringDiagnostics
{
    public static readonly DiagnosticDescriptor InvalidJobName = new("EL9081", "Invalid Prometheus job name", Severity.Error, "Emit");

    public static Diagnostic InvalidJobNameError(Location location, string job) =>
        InvalidJobName.Create(location,
            $"'{job}' cannot name a Prometheus job: it becomes a file name, so only letters, digits, '_', '-' and '.' are allowed",
            "set metrics[].job to a name like node or postgres");
}
