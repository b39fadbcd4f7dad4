using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8009: a machine netboots, but the site has no netboot store (or no URL for it).</summary>
public sealed class NetbootWithoutStoreRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8009", "Netbooted machine but no netboot store", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A machine with boot: { mode: netboot } fetches its iPXE script and image by MAC from the
        netboot store, the site-wide setting the journal calls a "hyperparameter"
        (netbootStore: { path, baseUrl } in elenta.yaml). Without the store, or without the
        baseUrl machines fetch from, `elenta build` has nowhere to put the scripts and DHCP has
        nothing to chain to, so check reports it before a build does.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var store = context.Site.Settings.NetbootStore;
        if (store is { BaseUrl: not null })
        {
            return;
        }

        foreach (var host in context.Site.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Netboot))
        {
            var at = host.Node.Map("boot")!.At("mode");
            context.Report(store is null
                ? Rule.Create(at, $"'{host.Name}' netboots, but the site has no netbootStore to serve its image",
                    "add netbootStore: { path: /srv/netboot, baseUrl: http://toto.canon:8080/netboot } to elenta.yaml")
                : Rule.Create(at, $"'{host.Name}' netboots, but netbootStore has no baseUrl to fetch its image from",
                    "add baseUrl: http://<server>.canon:8080/netboot to netbootStore in elenta.yaml",
                    [new Diagnostics.RelatedLocation(context.Site.Tree.Map("netbootStore")!.KeyAt(), "the netboot store is declared here")]));
        }
    }
}
