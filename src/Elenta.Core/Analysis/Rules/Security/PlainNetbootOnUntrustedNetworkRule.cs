using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8003: a machine netboots over BIOS (plain TFTP/HTTP) on a network marked untrusted.</summary>
public sealed class PlainNetbootOnUntrustedNetworkRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8003", "BIOS netboot on an untrusted network", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        "BIOS netbooting is only over insecure protocols, fine for a closed lab, bad for anything
        that might ever be exposed to the internet; UEFI netbooting can be done over HTTPS" (the
        journal, 2102). A BIOS-netbooted machine with an address on a network marked untrusted: true
        fetches its whole operating system over plain TFTP/HTTP where someone may be listening or
        answering in its place. Use UEFI netboot over HTTPS there, or boot from disk.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.Boot is not { Mode: BootMode.Netboot, Firmware: Firmware.Bios })
            {
                continue;
            }

            foreach (var network in host.Canon.Select(a => a.Network).Distinct(StringComparer.Ordinal))
            {
                if (context.Site.Networks[network] is not { Untrusted: true } untrusted)
                {
                    continue;
                }

                var boot = host.Node.Map(SiteKeys.Boot)!;
                var address = host.Canon.First(a => a.Network == network);
                context.Report(Rule.Create(boot.At(SiteKeys.Firmware),
                    $"'{host.Name}' netboots over BIOS (plain TFTP/HTTP) and has an address on network '{network}', which is marked untrusted",
                    "use firmware: uefi and serve the image over HTTPS, boot from disk, or keep netbooting machines off untrusted networks",
                    [
                        new RelatedLocation(untrusted.Node.At("untrusted"), $"network '{network}' is marked untrusted here"),
                        new RelatedLocation(address.Node.KeyAt(), $"address '{address.Name}' of '{host.Name}' is on '{network}'"),
                    ]));
            }
        }
    }
}
