using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Disks;

/// <summary>One disk as format-disks addresses it: by WWN only, with what the operator needs to recognise it.</summary>
public sealed record PlannedDisk(string Name, Wwn Wwn, string Description);

/// <summary>A ZFS dataset to create: <c>zfs create</c> options are already sorted.</summary>
public sealed record PlannedDataset(string Name, IReadOnlyList<KeyValuePair<string, string>> Options);

/// <summary>A ZFS volume (zvol) to create, backing one VM's disk.</summary>
public sealed record PlannedVolume(string Name, long Bytes, string Vm);

/// <summary>Everything format-disks does for one pool, in order: wipe, create, datasets, volumes.</summary>
public sealed record PoolPlan(
    string Name,
    string Type,
    string Layout,
    IReadOnlyList<PlannedDisk> Disks,
    IReadOnlyList<PlannedDataset> Datasets,
    IReadOnlyList<PlannedVolume> Volumes);
