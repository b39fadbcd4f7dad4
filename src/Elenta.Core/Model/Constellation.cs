using Elenta.Core.Merging;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Model;

public enum InstanceKind
{
    Host,
    Vm,
    Container,
}

public sealed record GuestAddress(string Network, IpAddress Ip, MergedNode Node);

/// <summary>A role placed somewhere: on the host itself (hostConfig), as a VM, or as a container.</summary>
public sealed record Instance(
    string Name,
    MergedMapping Node,
    InstanceKind Kind,
    string Host,
    string Role,
    IReadOnlyDictionary<string, object?> ExtraOpts,
    Resources? Resources,
    GuestAddress? Address,
    MacAddress? Mac,
    SshSpec? Ssh,
    string? Description) : INamed
{
    /// <summary>The machine the instance runs on: the host for hostConfig, else the guest itself.</summary>
    public string Machine => Kind == InstanceKind.Host ? Host : Name;
}

public sealed record Placement(string Name, MergedMapping Node, string Host, NamedMap<Instance> HostConfig, NamedMap<Instance> Vms, NamedMap<Instance> Containers) : INamed
{
    /// <summary>hostConfig, then VMs, then containers; listed once, as the rules and emitters ask for it again and again.</summary>
    public IReadOnlyList<Instance> Instances { get; } = [.. HostConfig, .. Vms, .. Containers];
}

public sealed record Constellation(string Name, MergedMapping Node, string? Domain, string? RedirectBareTo, string? Description, NamedMap<Placement> Machines) : INamed
{
    /// <summary>Every instance of every machine, in definition order; listed once.</summary>
    public IReadOnlyList<Instance> Instances { get; } = [.. Machines.SelectMany(m => m.Instances)];
}
