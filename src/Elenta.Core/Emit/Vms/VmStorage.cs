using Elenta.Core.Model;

namespace Elenta.Core.Emit.Vms;

/// <summary>
/// Where a VM's disk lives. On a host with a ZFS pool that has a <c>vms</c> dataset, a zvol
/// <c>&lt;pool&gt;/vms/&lt;vm&gt;</c> (format-disks creates it); elsewhere a qcow2 image under
/// /var/lib/libvirt/images. The disks and vms families both ask here, so they always agree.
/// </summary>
public sealed record VmStorage(string Vm, string? ZfsPool)
{
    public const string VmsDataset = "vms";

    /// <summary>zvol sizes are rounded up to whole MiB: ZFS wants a multiple of the volume block size.</summary>
    public const long VolumeGranularity = 1L << 20;

    public bool IsZvol => ZfsPool is not null;

    /// <summary>The zvol's dataset name, such as tank/vms/dev.</summary>
    public string Volume => $"{ZfsPool}/{VmsDataset}/{Vm}";

    /// <summary>What the domain XML points its disk at.</summary>
    public string SourcePath => IsZvol ? "/dev/zvol/" + Volume : $"/var/lib/libvirt/images/{Vm}.qcow2";

    public static VmStorage For(Site site, string host, string vm)
    {
        var pool = site.Cadaster.Pools.FirstOrDefault(p => p.Host == host && p.Type == "zfs" && p.Datasets.Contains(VmsDataset));
        return new VmStorage(vm, pool?.Name);
    }

    public static long VolumeBytes(long bytes) => (bytes + VolumeGranularity - 1) / VolumeGranularity * VolumeGranularity;
}
