using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Disks;

/// <summary>
/// One disk as format-disks addresses it: by WWN only, with what the operator needs to recognise it,
/// and whether the site allows destroying what it finds on it.
/// </summary>
public sealed record DiskToWipe(string Name, Wwn Wwn, string Description, bool AllowDestroy = false);

/// <summary>A ZFS dataset to create: <c>zfs create</c> options are already sorted.</summary>
public sealed record DatasetToCreate(string Name, IReadOnlyList<KeyValuePair<string, string>> Options);

/// <summary>A ZFS volume (zvol) to create, backing one VM's disk.</summary>
public sealed record VolumeToCreate(string Name, long Bytes, string Vm);

/// <summary>Everything format-disks does for one pool, in order: wipe, create, datasets, volumes.</summary>
public sealed record PoolFormatting(
    string Name,
    string Type,
    string Layout,
    IReadOnlyList<DiskToWipe> Disks,
    IReadOnlyList<DatasetToCreate> Datasets,
    IReadOnlyList<VolumeToCreate> Volumes)
{
    /// <summary>Pool properties (zpool create -o), sorted: the defaults with the site's over them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    /// <summary>Root dataset properties (zpool create -O), sorted: the defaults with the site's over them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FilesystemProperties { get; init; } = [];
}
