namespace Elenta.Cli.Tests;

/// <summary>The heap of a check or build asks Linux for huge pages (<see cref="HugePages"/>).</summary>
public class HugePagesTests
{
    [Fact]
    public void AfterTheAdviceTheMappingThatHoldsANewObjectAsksForHugePages()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/sys/kernel/mm/transparent_hugepage/enabled"))
        {
            return; // no transparent huge pages in this kernel: the advice is refused and nothing changes
        }

        // An object held in place while it is looked for: the collector cannot move it, nor give
        // back the memory it is in, so the mapping found after the advice is the one advised.
        var probe = System.Runtime.InteropServices.GCHandle.Alloc(new byte[64], System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            var at = (ulong)probe.AddrOfPinnedObject();
            HugePages.AdviseAround(at);
            Assert.Contains(" hg", FlagsOfMappingHolding(at), StringComparison.Ordinal); // the kernel marks advised memory "hg"
        }
        finally
        {
            probe.Free();
        }
    }

    /// <summary>The VmFlags line of /proc/self/smaps for the mapping that holds <paramref name="at"/>.</summary>
    private static string FlagsOfMappingHolding(ulong at)
    {
        string? flags = null;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-');
            if (dash > 0 && line.IndexOf(' ') > dash && ulong.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out var start))
            {
                var end = ulong.Parse(line.AsSpan(dash + 1, line.IndexOf(' ') - dash - 1), System.Globalization.NumberStyles.HexNumber);
                inside = start <= at && at < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                flags = line;
                break;
            }
        }

        Assert.NotNull(flags);
        return flags;
    }
}
