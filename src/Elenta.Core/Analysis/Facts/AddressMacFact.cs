using Elenta.Core.Merging;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>
/// One MAC address the site writes down. <see cref="SharingGroup"/> names the set of interfaces that
/// may legitimately carry the same MAC: the members of one bond (and the bond itself), a VLAN
/// interface and its parent, an alias and the interface it sits on. Everything else is its own group.
/// The words for messages and the span of the <c>mac</c> value are made when asked for.
/// </summary>
/// <param name="what">"interface 'eth0' of 'ifrit'", as <see cref="Owner"/> says it: the kind of holder, its name, and its host for an interface or a BMC.</param>
/// <param name="node">The mapping that holds the <c>mac</c> value.</param>
public sealed class AddressMacFact(MacAddress mac, MacHolder what, string name, string? host, MacSharingGroup sharingGroup, MergedMapping node)
{
    public MacAddress Mac => mac;

    /// <summary>Words that name the holder, for messages.</summary>
    public string Owner => what switch
    {
        MacHolder.Interface => $"interface '{name}' of '{host}'",
        MacHolder.Bmc => $"BMC '{name}' of '{host}'",
        MacHolder.Vm => $"VM '{name}'",
        _ => $"container '{name}'",
    };

    public MacSharingGroup SharingGroup => sharingGroup;

    /// <summary>Where the <c>mac</c> value is written.</summary>
    public Location Location => node.At("mac");
}

/// <summary>What kind of thing carries a MAC.</summary>
public enum MacHolder
{
    Interface,
    Bmc,
    Vm,
    Container,
}

/// <summary>
/// The interfaces that may share one MAC: a host's physical interface (or bond) with what sits on it
/// (<c>Kind</c> "host", <c>Scope</c> the host, <c>Name</c> the interface); a BMC ("bmc", the host);
/// a guest ("guest", its constellation, its name). Compared by value, without a string made for each.
/// </summary>
public readonly record struct MacSharingGroup(string Kind, string Scope, string? Name);
