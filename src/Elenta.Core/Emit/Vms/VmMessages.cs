using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Vms;

/// <summary>Diagnostics of the vms family (EL9120–EL9139): what a libvirt definition cannot do without.</summary>
public static class VmMessages
{
    public static readonly DiagnosticDescriptor MissingResources = new("EL9120", "VM without cpus, memory or disk", Severity.Error, "Emit.Vms");
    public static readonly DiagnosticDescriptor MissingMac = new("EL9121", "VM without a MAC address", Severity.Error, "Emit.Vms");
    public static readonly DiagnosticDescriptor NoNetwork = new("EL9122", "VM without an address gets no network interface", Severity.Warning, "Emit.Vms");
}
