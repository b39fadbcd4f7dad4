using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit;

/// <summary>
/// One artifact family (dns, dhcp, netboot, proxy, ssh, monitoring, disks, vms, views). Emitters are
/// discovered by reflection; each lives in its own folder under Emit/. An emitter is pure: it reads
/// the resolved site and returns artifacts, and reports problems as diagnostics instead of throwing.
/// </summary>
public interface IArtifactEmitter
{
    /// <summary>The family name used by <c>elenta build --only</c>.</summary>
    string Family { get; }

    /// <summary>One line for <c>elenta build --help</c>.</summary>
    string Description { get; }

    IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics);
}
