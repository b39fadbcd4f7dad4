using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8002: a BIOS-netbooted machine of unknown image size runs roles that need more than the ramdisk holds.</summary>
public sealed class NetbootImageMayBeTooLargeRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8002", "BIOS netboot image may exceed the ramdisk limit", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        When a BIOS-netbooted machine does not say how large its image is (boot.imageSize), Elenta
        estimates from the roles placed on the host itself: if their resources.disk add up to
        2047MiB or more (what BIOS netboot can load with the kernel: EL8001 says why), everything
        they keep lives in a ramdisk BIOS netboot cannot load (the journal's "machines I'd like to
        netboot that, ultimately, really shouldn't be netbooted"). VMs and
        containers do not count: their disks are not in the host's image. Set boot.imageSize to
        the real size to get a definite answer (EL8001), or boot such a machine from disk.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var rolesByHost = PlacementFacts.DistinctRunning(context.Site)
            .Where(p => p.Instance.Kind == InstanceKind.Host)
            .ToLookup(p => p.Instance.Host, StringComparer.Ordinal);
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.Boot is not { Mode: BootMode.Netboot, Firmware: Firmware.Bios, ImageSize: null })
            {
                continue;
            }

            var takers = rolesByHost[host.Name].Select(p => (Instance: p, Takes: PlacementFacts.Takes(p, ResourceKind.Disk))).Where(t => t.Takes is not null).ToList();
            var total = takers.Sum(t => t.Takes!.Value.Amount);
            if (total < NetbootImageTooLargeRule.BiosRamdiskLimit.Bytes)
            {
                continue;
            }

            var boot = host.Node.Map(SiteKeys.Boot)!;
            context.Report(Rule.Create(boot.At("mode"),
                $"'{host.Name}' netboots over BIOS, and the roles placed on it ask for {PlacementFacts.Format(ResourceKind.Disk, total)} of disk, more than the {NetbootImageTooLargeRule.BiosRamdiskLimit} ramdisk BIOS netboot can load",
                "set boot.imageSize to the image's real size, boot this machine from disk, or use firmware: uefi",
                takers.Select(t => new RelatedLocation(t.Takes!.Value.Where, $"{t.Instance.Describe()} takes {PlacementFacts.Format(ResourceKind.Disk, t.Takes.Value.Amount)}"))));
        }
    }
}
