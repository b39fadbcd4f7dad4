using Elenta.Core.Merging;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Model;

public sealed record DhcpPool(IpAddress From, IpAddress To, LeaseTime LeaseTime, MergedNode Node);

public sealed record Network(
    string Name,
    MergedMapping Node,
    IpNetwork Cidr,
    int? Vlan,
    IpAddress? Gateway,
    IReadOnlyList<IpAddress> Dns,
    DhcpPool? Dhcp,
    string? SearchDomain,
    bool Untrusted,
    bool ReverseDns,
    string Bridge,
    string? Description) : INamed;

public sealed record RecordSet(
    string Name,
    MergedMapping Node,
    IReadOnlyList<IpAddress> A,
    IReadOnlyList<IpAddress> Aaaa,
    string? Cname,
    IReadOnlyList<string> Mx,
    IReadOnlyList<string> Txt,
    IReadOnlyList<string> Ns,
    IReadOnlyList<string> Srv,
    string? Ptr,
    int? Ttl) : INamed;

public sealed record Domain(
    string Name,
    MergedMapping Node,
    IReadOnlyList<string> Nameservers,
    NamedMap<RecordSet> Records,
    int Ttl,
    bool Private,
    string? Description) : INamed;
