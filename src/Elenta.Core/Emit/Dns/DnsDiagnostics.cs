using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Dns;

/// <summary>What the DNS emitter can complain about: EL9160 (EL9161 is retired, replaced by EL5001).</summary>
public static class DnsDiagnostics
{
    public static readonly DiagnosticDescriptor ZoneWithoutServer = new("EL9160", "A zone has no name server to serve it", Severity.Warning, "Emit.Dns");
}
