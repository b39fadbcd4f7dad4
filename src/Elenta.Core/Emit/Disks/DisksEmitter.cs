using System.Globalization;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit.Vms;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Disks;

/// <summary>
/// <c>disks/&lt;host&gt;/format-disks.sh</c> for every host that has pools: a script that wipes the
/// pools' disks and creates the pools, datasets and VM volumes, addressing disks only by
/// /dev/disk/by-id/wwn-*. Anything that would make it address a disk another way is an error here,
/// so no script is written that could format the wrong disk.
/// </summary>
public sealed class DisksEmitter : IArtifactEmitter
{
    public const string TargetPath = "/usr/local/sbin/format-disks";

    private static readonly Dictionary<string, int> ZfsLayoutMinimum = new(StringComparer.Ordinal)
    {
        ["stripe"] = 1,
        ["mirror"] = 2,
        ["raidz1"] = 2,
        ["raidz2"] = 3,
        ["raidz3"] = 4,
    };

    public string Family => "disks";

    public string Description => "format-disks script per host: wipe disks by WWN, create pools and datasets";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var owner = new Dictionary<string, Pool>(StringComparer.Ordinal);
        var artifacts = new List<Artifact>();
        foreach (var host in site.Cadaster.Hosts)
        {
            var plans = new List<PoolPlan>();
            foreach (var pool in site.Cadaster.Pools.Where(p => p.Host == host.Name))
            {
                if (Plan(context.Resolved, pool, owner, diagnostics) is { } plan)
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

    private static PoolPlan? Plan(ResolvedSite resolved, Pool pool, Dictionary<string, Pool> owner, DiagnosticBag diagnostics)
    {
        var site = resolved.Site;
        var ok = true;
        if (pool.Type != "zfs")
        {
            diagnostics.Add(DiskMessages.UnsupportedPoolType.Create(pool.Node.At("type"),
                $"pool '{pool.Name}': pool type {pool.Type} not supported by format-disks yet",
                "create this pool by hand, or make it a zfs pool"));
            ok = false;
        }

        var layout = pool.Layout ?? "stripe";
        if (!ZfsLayoutMinimum.TryGetValue(layout, out var minimum) && pool.Type == "zfs")
        {
            diagnostics.Add(DiskMessages.LayoutNotForType.Create(pool.Node.At("layout"),
                $"layout '{layout}' is not a {pool.Type} layout",
                "for zfs use one of: " + string.Join(", ", ZfsLayoutMinimum.Keys)));
            ok = false;
            minimum = 1;
        }

        var disks = new List<PlannedDisk>();
        var items = pool.Node.Child("disks") is MergedSequence seq ? seq.Items.OfType<MergedScalar>().ToList() : [];
        foreach (var item in items)
        {
            if (Resolve(site, pool, item, owner, diagnostics) is { } disk)
            {
                disks.Add(disk);
            }
            else
            {
                ok = false;
            }
        }

        if (items.Count < minimum)
        {
            diagnostics.Add(DiskMessages.TooFewDisks.Create(pool.Node.At("disks"),
                $"pool '{pool.Name}' has {items.Count} disk(s); layout {layout} needs at least {minimum}",
                "add disks, or choose a layout with less redundancy"));
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        var datasets = pool.Datasets
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new PlannedDataset($"{pool.Name}/{d.Name}", DatasetOptions(d)))
            .ToList();
        return new PoolPlan(pool.Name, pool.Type, layout, disks, datasets, Volumes(resolved, pool));
    }

    /// <summary>A disk of the pool by name (or by its /dev/disk/by-id/wwn-* path), checked to be addressable by WWN.</summary>
    private static PlannedDisk? Resolve(Site site, Pool pool, MergedScalar item, Dictionary<string, Pool> owner, DiagnosticBag diagnostics)
    {
        const string ByIdPrefix = "/dev/disk/by-id/wwn-";
        if (item.Text.StartsWith('/'))
        {
            if (item.Text.StartsWith(ByIdPrefix, StringComparison.Ordinal) && Wwn.TryParse(item.Text[ByIdPrefix.Length..], out var byId))
            {
                return Claim(pool, item, item.Text, byId, owner, diagnostics) ? new PlannedDisk(item.Text, byId, "given by path") : null;
            }

            diagnostics.Add(DiskMessages.DiskByPath.Create(item.Location,
                $"pool '{pool.Name}' names disk '{item.Text}' by a device path; format-disks addresses disks only as /dev/disk/by-id/wwn-*",
                "declare the disk under cadaster.storage.disks with its wwn, and name it here"));
            return null;
        }

        if (site.Cadaster.Disks[item.Text] is not { } disk)
        {
            return null; // the reference checker already reported it
        }

        if (disk.Wwn is not { } wwn)
        {
            diagnostics.Add(DiskMessages.DiskWithoutWwn.Create(disk.Node.KeyAt(),
                $"disk '{disk.Name}' (in pool '{pool.Name}') has no wwn; format-disks addresses disks only by WWN"
                + (disk.Device is null ? string.Empty : $", never by '{disk.Device}'"),
                "add its wwn (shown by: ls -l /dev/disk/by-id/ | grep wwn-)",
                [new RelatedLocation(item.Location, $"used by pool '{pool.Name}' here")]));
            return null;
        }

        if (disk.Host is { } diskHost && diskHost != pool.Host)
        {
            diagnostics.Add(DiskMessages.DiskOnOtherHost.Create(item.Location,
                $"disk '{disk.Name}' is installed in {diskHost}, but pool '{pool.Name}' is on {pool.Host}",
                "fix the disk's host or the pool's disk list",
                [new RelatedLocation(disk.Node.At("host"), $"'{disk.Name}' is in {diskHost}")]));
            return null;
        }

        return Claim(pool, item, disk.Name, wwn, owner, diagnostics) ? new PlannedDisk(disk.Name, wwn, Describe(disk)) : null;
    }

    /// <summary>Claims a disk for a pool by its WWN, so a disk named in one pool and given by path in another is still caught.</summary>
    private static bool Claim(Pool pool, MergedScalar item, string name, Wwn wwn, Dictionary<string, Pool> owner, DiagnosticBag diagnostics)
    {
        if (owner.TryGetValue(wwn.Hex, out var first))
        {
            diagnostics.Add(DiskMessages.DiskInTwoPools.Create(item.Location,
                $"disk '{name}' (wwn {wwn.Hex}) is used by pool '{first.Name}' and again by pool '{pool.Name}'",
                "a disk belongs to one pool; remove it from one of them",
                [new RelatedLocation(first.Node.At("disks"), $"pool '{first.Name}' uses it")]));
            return false;
        }

        owner[wwn.Hex] = pool;
        return true;
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
    private static IReadOnlyList<PlannedVolume> Volumes(ResolvedSite resolved, Pool pool)
    {
        var volumes = new List<PlannedVolume>();
        var vms = resolved.Machines.Where(m => m.Kind == InstanceKind.Vm && m.Host == pool.Host).DistinctBy(m => m.Name);
        foreach (var vm in vms)
        {
            var storage = VmStorage.For(resolved.Site, pool.Host, vm.Name);
            if (storage.ZfsPool == pool.Name && vm.Disk is { } disk)
            {
                volumes.Add(new PlannedVolume(storage.Volume, VmStorage.VolumeBytes(disk.Bytes), vm.Name));
            }
        }

        return volumes.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
    }
}
