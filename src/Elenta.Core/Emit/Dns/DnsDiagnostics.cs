using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Dns;

/// <summary>What the DNS emitter can complain about. Codes EL51xx belong to this emitter.</summary>
public static class DnsDiagnostics
{
    public static readonly DiagnosticDescriptor ZoneWithoutServer = new("EL9160", "A zone has no name server to serve it", Severity.Warning, "Emit.Dns");
    public static readonly DiagnosticDescriptor GeneratedNameTaken = new("EL9161", "Two generated DNS names collide", Severity.Warning, "Emit.Dns");
}
