using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8001: a BIOS-netbooted machine's image is larger than the 4 GiB ramdisk BIOS netboot can load.</summary>
public sealed class NetbootImageTooLargeRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8001", "BIOS netboot image over the 4 GiB ramdisk limit", Severity.Error, "Security");

    /// <summary>The largest ramdisk a BIOS (non-EFI) netboot can load.</summary>
    internal static readonly ByteSize BiosRamdiskLimit = new(4L << 30);

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        "Standard (non-EFI) netbooting has a hard limit at a 4GB Ramdisk" (the journal, 3-AUG).
        A machine with boot: { mode: netboot, firmware: bios } whose boot.imageSize is above
        4 GiB will not boot. Shrink the image (move state onto a disk or an NFS store), boot
        from disk, or switch the machine to UEFI netboot.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.Boot is not { Mode: BootMode.Netboot, Firmware: Firmware.Bios, ImageSize: { } size } || size <= BiosRamdiskLimit)
            {
                continue;
            }

            var boot = host.Node.Map(SiteKeys.Boot)!;
            context.Report(Rule.Create(boot.At(SiteKeys.ImageSize),
                $"'{host.Name}' netboots over BIOS with a {size} image, above the {BiosRamdiskLimit} ramdisk BIOS netboot can load",
                "shrink the image (keep data on a disk or NFS), boot from disk, or use firmware: uefi",
                [new RelatedLocation(boot.At(SiteKeys.Firmware), $"'{host.Name}' boots with BIOS firmware")]));
        }
    }
}
