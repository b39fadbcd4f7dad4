using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// One entry of a pool's <c>disks</c> list, read once for the checks (EL7008, EL7011) and the
/// format-disks script: the cadaster disk it names, or the device path it gives, and the WWN that
/// addresses it (null when nothing does).
/// </summary>
public sealed record PoolDisk(MergedScalar Item, Disk? Disk, Wwn? Wwn)
{
    /// <summary>The entry gives a device path (/dev/...) rather than naming a cadaster disk.</summary>
    public bool IsPath => Item.Text.StartsWith('/');

    /// <summary>How the operator wrote it: the disk's name, or the path.</summary>
    public string Name => Disk?.Name ?? Item.Text;
}

public static class PoolDisks
{
    /// <summary>The one device path format-disks accepts in a pool: it names the disk by WWN.</summary>
    public const string ByWwnPrefix = "/dev/disk/by-id/wwn-";

    /// <summary>The pool's disks list, in order (unknown names have no disk and no WWN; the binder reported them).</summary>
    public static IReadOnlyList<PoolDisk> Of(Cadaster cadaster, Pool pool)
    {
        if (pool.Node.Child("disks") is not MergedSequence items)
        {
            return [];
        }

        var disks = new List<PoolDisk>(items.Items.Count);
        foreach (var item in items.Items.OfType<MergedScalar>())
        {
            if (item.Text.StartsWith('/'))
            {
                var byWwn = item.Text.StartsWith(ByWwnPrefix, StringComparison.Ordinal) && Wwn.TryParse(item.Text[ByWwnPrefix.Length..], out var wwn) ? wwn : (Wwn?)null;
                disks.Add(new PoolDisk(item, null, byWwn));
            }
            else
            {
                var disk = cadaster.Disks[item.Text];
                disks.Add(new PoolDisk(item, disk, disk?.Wwn));
            }
        }

        return disks;
    }
}
