using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8001: a BIOS-netbooted machine's image does not fit below the kernel's initrd_addr_max, where iPXE must load it.</summary>
public sealed class NetbootImageTooLargeRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8001", "BIOS netboot image over the 2 GiB ramdisk limit", Severity.Error, "Security");

    /// <summary>
    /// The highest byte an initrd may occupy: <c>initrd_addr_max</c> in the x86 boot header (Linux
    /// arch/x86/boot/header.S, 0x7fffffff since boot protocol 2.03: 2 GiB − 1).
    /// </summary>
    internal const long InitrdAddrMax = 0x7fffffff;

    /// <summary>Where iPXE's BIOS bzImage loader puts the kernel's protected-mode part (BZI_LOAD_HIGH_ADDR, 1 MiB).</summary>
    internal const long KernelLoadAddress = 0x100000;

    /// <summary>
    /// The largest image (kernel and initrd) a BIOS netboot can load: iPXE's bzImage loader
    /// (src/arch/x86/image/bzimage.c, bzimage_check_initrds) refuses with "not enough space for
    /// initrds" when the kernel's end plus the initrds passes initrd_addr_max. The kernel starts at
    /// 1 MiB, so kernel and initrd together get 2 GiB − 1 MiB.
    /// </summary>
    public static readonly ByteSize BiosRamdiskLimit = new(InitrdAddrMax + 1 - KernelLoadAddress);

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A machine with boot: { mode: netboot, firmware: bios } boots through iPXE's BIOS bzImage
        loader, which places the kernel at 1 MiB and every initrd above it, below the highest
        address the kernel accepts an initrd at: initrd_addr_max in the kernel's boot header,
        0x7fffffff (2 GiB − 1) for every kernel since boot protocol 2.03 (Linux
        arch/x86/boot/header.S; iPXE src/arch/x86/image/bzimage.c, bzimage_check_initrds, fails
        with "not enough space for initrds"). So kernel and initrd together must stay under
        2 GiB − 1 MiB (2047MiB), well below the 4 GB the journal feared (3-AUG). An image whose
        boot.imageSize reaches that will not boot. Shrink the image (move state onto a disk or an
        NFS store), boot from disk, or switch the machine to UEFI netboot, where the EFI stub
        loads the initrd itself.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.Boot is not { Mode: BootMode.Netboot, Firmware: Firmware.Bios, ImageSize: { } size } || size < BiosRamdiskLimit)
            {
                continue;
            }

            var boot = host.Node.Map(SiteKeys.Boot)!;
            context.Report(Rule.Create(boot.At(SiteKeys.ImageSize),
                $"'{host.Name}' netboots over BIOS with a {size} image, which does not fit under the {BiosRamdiskLimit} BIOS netboot can load: iPXE's bzImage loader puts the kernel at 1 MiB and the initrd below the kernel's initrd_addr_max, 0x7fffffff (Linux arch/x86/boot/header.S; iPXE src/arch/x86/image/bzimage.c)",
                "shrink the image under 2047MiB (keep data on a disk or NFS), boot from disk, or use firmware: uefi",
                [new RelatedLocation(boot.At(SiteKeys.Firmware), $"'{host.Name}' boots with BIOS firmware")]));
        }
    }
}
