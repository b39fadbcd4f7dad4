using System.Globalization;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit.Vms;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Disks;

/// <summary>
/// <c>disks/&lt;host&gt;/format-disks.sh</c> for every host that has pools: a script that wipes the
/// pools' disks and creates the pools, datasets and VM volumes, addressing disks only by
/// /dev/disk/by-id/wwn-*. The check guarantees that every pool can be built that way (EL7008,
/// EL7011, EL7012); a pool that still could not (its rule turned off) gets no script rather than
/// one that could format the wrong disk.
/// </summary>
public sealed class DisksEmitter : IArtifactEmitter
{
    public const string TargetPath = "/usr/local/sbin/format-disks";

    public string Family => "disks";

    public string Description => "format-disks script per host: probe disks by WWN, refuse data, wipe, create pools and datasets";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var owner = new HashSet<string>(StringComparer.Ordinal);
        var artifacts = new List<Artifact>();
        foreach (var host in site.Cadaster.Hosts)
        {
            var plans = new List<PoolFormatting>();
            foreach (var pool in site.Cadaster.Pools.Where(p => p.Host == host.Name))
            {
                if (Plan(context.Resolved, pool, owner) is { } plan)
                {
                    plans.Add(plan);
                }
            }

            if (plans.Count > 0)
            {
                var text = FormatDisksScript.Render(site.Settings.Name, host.Name, plans);
                // Destructive: installed for root alone, and never run by a deploy.
                artifacts.Add(Artifact.Text($"disks/{host.Name}/format-disks.sh", Family, Delivery.To(host.Name, TargetPath, "0700"), text));
            }
        }

        return artifacts;
    }

    private static PoolFormatting? Plan(ResolvedSite resolved, Pool pool, HashSet<string> owner)
    {
        var layout = pool.Layout ?? PoolLayouts.DefaultLayout;
        var used = PoolDisks.Of(resolved.Site.Cadaster, pool);
        if (pool.Type != PoolLayouts.BuildableType || !PoolLayouts.ZfsMinimumDisks.TryGetValue(layout, out var minimum) || used.Count < minimum)
        {
            return null; // EL7012
        }

        var disks = new List<DiskToWipe>();
        foreach (var disk in used)
        {
            if (disk.Wwn is not { } wwn || disk.Disk?.Host is { } host && host != pool.Host || !owner.Add(wwn.Hex))
            {
                return null; // EL7011 (no WWN), EL7008 (another host's disk, or another pool's)
            }

            disks.Add(disk.Disk is { } named ? new DiskToWipe(named.Name, wwn, Describe(named), named.AllowDestroy) : new DiskToWipe(disk.Item.Text, wwn, "given by path"));
        }

        var datasets = pool.Datasets
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new DatasetToCreate($"{pool.Name}/{d.Name}", DatasetOptions(d)))
            .ToList();
        return new PoolFormatting(pool.Name, pool.Type, layout, disks, datasets, Volumes(resolved, pool))
        {
            Properties = Over(DefaultPoolProperties, pool.Properties),
            FilesystemProperties = Over(DefaultFilesystemProperties, pool.FilesystemProperties),
        };
    }

    /// <summary>4 KiB sectors: right for every current disk, and a pool cannot change it later (a 512-byte guess on a 4Kn disk costs dearly).</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultPoolProperties = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ashift"] = "12",
    };

    /// <summary>
    /// What a Linux pool wants on its root dataset, inherited below: lz4 (cheap, skips what does not
    /// compress), extended attributes in the inode (sa, not hidden directories), and POSIX ACLs
    /// (systemd-journald, Samba and containers expect them).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultFilesystemProperties = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["acltype"] = "posixacl",
        ["compression"] = "lz4",
        ["xattr"] = "sa",
    };

    private static IReadOnlyList<KeyValuePair<string, string>> Over(IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string> site)
    {
        var merged = new SortedDictionary<string, string>(defaults.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, value) in site)
        {
            merged[key] = value;
        }

        return merged.ToList();
    }

    private static string Describe(Disk disk)
    {
        var parts = new List<string>();
        if (disk.Bay is { } bay)
        {
            parts.Add("bay " + bay.ToString(CultureInfo.InvariantCulture));
        }

        if (disk.Model is { } model)
        {
            parts.Add(model);
        }

        if (disk.Node["size"] is MergedScalar { IsNull: false } size)
        {
            parts.Add(size.Text); // as the operator wrote it (4TB), the way the label on the disk says it
        }

        if (disk.Serial is { } serial)
        {
            parts.Add("serial " + serial);
        }

        return parts.Count == 0 ? "no details" : string.Join(", ", parts);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> DatasetOptions(Dataset dataset)
    {
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in dataset.Options)
        {
            options[key] = value;
        }

        if (dataset.Mountpoint is { } mountpoint)
        {
            options["mountpoint"] = mountpoint;
        }

        if (dataset.Size is { } size)
        {
            options["quota"] = size.Bytes.ToString(CultureInfo.InvariantCulture);
        }

        return options.ToList();
    }

    /// <summary>A zvol per VM placed on this pool's host, when the pool is where that host keeps VM disks.</summary>
    private static IReadOnlyList<VolumeToCreate> Volumes(ResolvedSite resolved, Pool pool)
    {
        var volumes = new List<VolumeToCreate>();
        var vms = resolved.Machines.Where(m => m.Kind == InstanceKind.Vm && m.Host == pool.Host).DistinctBy(m => m.Name);
        foreach (var vm in vms)
        {
            var storage = VmStorage.For(resolved.Site, pool.Host, vm.Name);
            if (storage.ZfsPool == pool.Name && vm.Disk is { } disk)
            {
                volumes.Add(new VolumeToCreate(storage.Volume, VmStorage.VolumeBytes(disk.Bytes), vm.Name));
            }
        }

        return volumes.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
    }
}
