using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8009: a machine netboots, but the site has no netboot store, or no usable URL for it.</summary>
public sealed class NetbootWithoutStoreRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8009", "Netbooted machine but no netboot store", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A machine with boot: { mode: netboot } fetches its iPXE script and image by MAC from the
        netboot store, the site-wide setting the journal calls a "hyperparameter"
        (netbootStore: { path, baseUrl } in elenta.yaml). Without the store, or without a baseUrl
        machines can fetch from (an absolute http:// or https:// URL: iPXE fetches over HTTP),
        `elenta build` has nowhere to put the scripts and DHCP has nothing to chain to. This is the
        one check of it: the build trusts it (it replaced the build's EL9001, EL9003 and EL9004).
        """;

    public override void Analyze(AnalysisContext context)
    {
        var store = context.Site.Settings.NetbootStore;
        if (NetbootUrls.UsableBaseUrl(store) is not null)
        {
            return;
        }

        var hosts = context.Site.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Netboot).ToList();
        if (hosts.Count == 0)
        {
            return;
        }

        var storeNode = context.Site.Tree.Map(SiteKeys.NetbootStore);
        if (store?.BaseUrl is { } url)
        {
            // One unusable URL serves every netbooted machine: one diagnostic, at the URL.
            var others = hosts.Count == 1 ? string.Empty : $" (and {hosts.Count - 1} other netbooted machine{(hosts.Count == 2 ? string.Empty : "s")})";
            context.Report(Rule.Create(storeNode!.At("baseUrl"),
                $"netbootStore.baseUrl '{url}' is not an absolute http or https URL, so '{hosts[0].Name}'{others} cannot fetch its boot script and image",
                "iPXE fetches scripts and images over HTTP: write http://host[:port]/path, such as http://toto.canon:8080/netboot",
                [new RelatedLocation(BootModeAt(hosts[0]), $"'{hosts[0].Name}' netboots here")]));
            return;
        }

        foreach (var host in hosts)
        {
            context.Report(store is null
                ? Rule.Create(BootModeAt(host), $"'{host.Name}' netboots, but the site has no netbootStore to serve its image",
                    "add netbootStore: { path: /srv/netboot, baseUrl: http://toto.canon:8080/netboot } to elenta.yaml")
                : Rule.Create(BootModeAt(host), $"'{host.Name}' netboots, but netbootStore has no baseUrl to fetch its image from",
                    "add baseUrl: http://<server>.canon:8080/netboot to netbootStore in elenta.yaml",
                    [new RelatedLocation(storeNode!.KeyAt(), "the netboot store is declared here")]));
        }
    }

    private static Text.Location BootModeAt(Host host) => host.Node.Map(SiteKeys.Boot)!.At(SiteKeys.BootMode);
}
