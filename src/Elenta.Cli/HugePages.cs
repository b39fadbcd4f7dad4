using System.Globalization;
using System.Runtime.InteropServices;

namespace Elenta.Cli;

/// <summary>
/// Asks Linux for transparent huge pages on the garbage collector's heap, for the commands that
/// run in a <see cref="NoCollectionRegion"/>. Such a command touches every page it allocates for
/// the first time (a 10,000-host check about 600 MiB): one page fault per 4 KiB page, 150,000 of
/// them, where the kernel zeroes each page. With 2 MiB pages the same memory takes 27,000 faults.
/// Where the kernel is set to give huge pages only to memory that asks for them
/// (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> = <c>madvise</c>, Debian's default), the
/// heap has to ask: <c>madvise(MADV_HUGEPAGE)</c> on the heap's address range, found as the run of
/// adjacent anonymous mappings around a freshly allocated object in <c>/proc/self/maps</c>. Advice
/// only: where the kernel says no, or has no huge pages, nothing changes. ELENTA_HUGE_PAGES=0 turns
/// it off.
/// </summary>
internal static class HugePages
{
    private const int MadviseHugePage = 14;
    private const ulong HugePage = 2UL << 20;

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);

    public static void AdviseHeap()
    {
        var probe = GCHandle.Alloc(new byte[64], GCHandleType.Pinned);
        try
        {
            AdviseAround((ulong)probe.AddrOfPinnedObject());
        }
        finally
        {
            probe.Free();
        }
    }

    /// <summary>
    /// Advises the run of adjacent anonymous mappings that holds <paramref name="at"/> (an object of
    /// the heap), in one call when it can: every mapping of it, however small, then asks for huge
    /// pages, and so does memory the collector commits in it later. Mapping by mapping (those of
    /// 2 MiB or more) when the kernel refuses the whole run.
    /// </summary>
    internal static void AdviseAround(ulong at)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("ELENTA_HUGE_PAGES") == "0")
        {
            return;
        }

        try
        {
            var run = HeapMappings(at);
            if (run.Count == 0 || run[^1].End - run[0].Start < HugePage)
            {
                return;
            }

            if (Madvise((nint)run[0].Start, (nuint)(run[^1].End - run[0].Start), MadviseHugePage) == 0)
            {
                return;
            }

            foreach (var (start, end) in run)
            {
                if (end - start >= HugePage)
                {
                    Madvise((nint)start, (nuint)(end - start), MadviseHugePage);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException or DllNotFoundException or EntryPointNotFoundException)
        {
            // No /proc, no libc: the heap keeps its small pages.
        }
    }

    /// <summary>The anonymous mappings adjacent to the one that holds <paramref name="at"/>: the heap's reserved and committed ranges.</summary>
    private static List<(ulong Start, ulong End)> HeapMappings(ulong at)
    {
        var maps = new List<(ulong Start, ulong End, bool Anonymous)>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // "start-end perms offset dev inode [path]": anonymous memory has no path.
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var dash = fields[0].IndexOf('-');
            var start = ulong.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = ulong.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            maps.Add((start, end, fields.Length < 6 || string.IsNullOrWhiteSpace(fields[5])));
        }

        var found = maps.FindIndex(m => m.Start <= at && at < m.End);
        if (found < 0 || !maps[found].Anonymous)
        {
            return [];
        }

        var first = found;
        while (first > 0 && maps[first - 1].Anonymous && maps[first - 1].End == maps[first].Start)
        {
            first--;
        }

        var last = found;
        while (last + 1 < maps.Count && maps[last + 1].Anonymous && maps[last + 1].Start == maps[last].End)
        {
            last++;
        }

        return maps.GetRange(first, last - first + 1).ConvertAll(m => (m.Start, m.End));
    }
}
