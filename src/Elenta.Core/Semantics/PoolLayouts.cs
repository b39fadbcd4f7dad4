namespace Elenta.Core.Semantics;

/// <summary>The pools format-disks can build: ZFS, with these layouts and the fewest disks each needs.</summary>
public static class PoolLayouts
{
    public const string BuildableType = "zfs";

    public const string DefaultLayout = "stripe";

    public static IReadOnlyDictionary<string, int> ZfsMinimumDisks { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["stripe"] = 1,
        ["mirror"] = 2,
        ["raidz1"] = 2,
        ["raidz2"] = 3,
        ["raidz3"] = 4,
    };
}
