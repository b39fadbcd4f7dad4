using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Dns;

/// <summary>Diagnostics of the dns family that only the build can find out (EL9180–EL9189): EL9160 and EL9161 are retired.</summary>
public static class DnsMessages
{
    public static readonly DiagnosticDescriptor ZoneNotSigned = new("EL9180", "A public zone cannot be signed", Severity.Error, "Emit.Dns");
}
