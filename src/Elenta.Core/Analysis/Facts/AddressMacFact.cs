using Elenta.Core.Model.Values;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>
/// One MAC address the site writes down. <see cref="SharingGroup"/> names the set of interfaces that
/// may legitimately carry the same MAC: the members of one bond (and the bond itself), a VLAN
/// interface and its parent, an alias and the interface it sits on. Everything else is its own group.
/// </summary>
public sealed record AddressMacFact(MacAddress Mac, string Owner, string SharingGroup, Location Location);
