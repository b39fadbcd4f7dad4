using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>What a name in the canon zone names.</summary>
public enum CanonNameKind
{
    /// <summary><c>host</c>: a host by its bare name, at its primary canon address.</summary>
    Host,

    /// <summary><c>label.host</c>: one canon address of a host.</summary>
    CanonAddress,

    /// <summary><c>bmc.host</c>: a host's BMC, named by the BMC's label.</summary>
    Bmc,

    /// <summary><c>vm</c>: a VM with its own address.</summary>
    Vm,

    /// <summary><c>container</c>: a container with its own address.</summary>
    Container,

    /// <summary><c>switch</c>: a switch, at its management address.</summary>
    Switch,
}

/// <summary>
/// One name the canon zone publishes, with the one address it has there.
/// </summary>
/// <param name="Relative">The name relative to the canon domain: <c>toto</c>, <c>kansas.ifrit</c>, <c>drac.btg</c>.</param>
/// <param name="Fqdn">The whole name, without the final dot: <c>kansas.ifrit.canon</c>.</param>
/// <param name="Machine">The machine it belongs to: the host (for its BMC too), the guest or the switch.</param>
/// <param name="Pointer">
/// Whether the PTR record of <paramref name="Ip"/> points back at this name: a host's primary
/// address points at the bare host name rather than at its <c>label.host</c>.
/// </param>
/// <param name="Node">Where the site writes what the name stands for: the host, canon address, BMC, instance or switch.</param>
/// <param name="Address">The canon address a host's name stands at (its bare name, a <c>label.host</c>); null for the others.</param>
/// <param name="Constellation">The constellation that places a guest; null for the others.</param>
public sealed record CanonName(
    string Relative,
    string Fqdn,
    CanonNameKind Kind,
    string Machine,
    IpAddress Ip,
    string Network,
    bool Pointer,
    MergedNode Node,
    CanonAddress? Address,
    string? Constellation)
{
    /// <summary>The name of the machine itself (host, guest, switch), not of one of its addresses or its BMC.</summary>
    public bool IsBare => Kind is not (CanonNameKind.CanonAddress or CanonNameKind.Bmc);
}
