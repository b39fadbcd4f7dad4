namespace Elenta.Cli;

/// <summary>
/// A no-GC region for one compilation (and build), sized by the site: 128 bytes per byte of site
/// files (a 10,000-host build allocates 1.1 GiB for 13 MB of YAML), at least 256 MiB, at most a
/// quarter of the memory the machine or container gives the process. Asking for more than is needed
/// is not free: the runtime prepares the whole region up front (26 ms for 6 GiB, 7 ms for 1 GiB).
/// </summary>
internal static class NoCollectionRegion
{
    private const long BytesPerSiteByte = 128;
    private const long Smallest = 256L << 20;

    public static void Start(string site)
    {
        var limit = Math.Max(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, Smallest);
        var wanted = SiteBytes(site) is { } size ? Math.Clamp(size * BytesPerSiteByte, Smallest, limit) : limit;
        for (var bytes = wanted; bytes >= Smallest; bytes /= 2)
        {
            try
            {
                GC.TryStartNoGCRegion(bytes);
                HugePages.AdviseHeap();
                return;
            }
            catch (ArgumentOutOfRangeException)
            {
                // More than the runtime allows in one region: ask for less.
            }
            catch (InvalidOperationException)
            {
                return; // a region is on already
            }
        }
    }

    /// <summary>The size of the files a site is read from; null when it cannot be told.</summary>
    private static long? SiteBytes(string site)
    {
        try
        {
            if (!Directory.Exists(site))
            {
                return null;
            }

            long total = 0;
            foreach (var file in new DirectoryInfo(site).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                if (file.Extension is ".yaml" or ".yml" or ".json" or ".nix")
                {
                    total += file.Length;
                }
            }

            return total;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
