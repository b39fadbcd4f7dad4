using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Delivery;

/// <summary>EL8501: a site-wide file is built, but the site names no machine that receives it.</summary>
public sealed class NobodyReceivesRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8501", "A file is built that no machine receives", Severity.Warning, "Delivery");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Every file elenta build writes says which machines receive it (manifest.json), and who serves " +
        "what comes from the site itself, never from a default nobody wrote: a network's DHCP server is " +
        "networks.NAME.dhcp.server, the netboot store's server is netbootStore.server, and Prometheus and " +
        "the dashboard run wherever a role that provides them is placed (provides: [prometheus], " +
        "provides: [dashboard]). When the site serves something but does not say where, its file is still " +
        "built, so you can read it, but no machine receives it and deploy installs it nowhere. A server " +
        "whose driver is none receives nothing either: Elenta does not install files on it.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var serving = ServiceMachines.Of(context.Resolved);
        foreach (var network in site.Networks)
        {
            if (network.DhcpService is not { } dhcp)
            {
                continue;
            }

            if (dhcp.Server is null)
            {
                context.Report(Rule.Create(dhcp.Node.KeyAt(),
                    $"network '{network.Name}' serves DHCP, but no machine is named to serve it: its DHCP configuration is built and delivered nowhere",
                    $"set networks.{network.Name}.dhcp.server to the host that runs the DHCP daemon"));
            }
            else
            {
                Unmanaged(context, serving, dhcp.Server, dhcp.Node.At("server"), $"the DHCP server of '{network.Name}'");
            }
        }

        if (site.Settings.NetbootStore is { } store && site.Cadaster.Hosts.Any(h => h.Boot.Mode == BootMode.Netboot) && site.Tree.Map(SiteKeys.NetbootStore) is { } storeNode)
        {
            if (store.Server is null)
            {
                context.Report(Rule.Create(storeNode.KeyAt(),
                    "machines netboot, but the netboot store names no server: their iPXE scripts are built and delivered nowhere",
                    "set netbootStore.server to the host that holds the store and serves it over HTTP"));
            }
            else
            {
                Unmanaged(context, serving, store.Server, storeNode.At("server"), "the netboot store's server");
            }
        }

        var placed = Facts.PlacementFacts.Placed(site).Select(p => p.Role).DistinctBy(r => r.Name).ToList();
        Provider(context, serving, SiteService.Prometheus, placed.FirstOrDefault(r => r.Metrics.Count > 0), "metrics", "Prometheus scrape targets", "prometheus");
        Provider(context, serving, SiteService.Dashboard, placed.FirstOrDefault(r => r.Dashboard.Count > 0), "dashboard", "dashboard's conf.yml", "dashboard");
    }

    private static void Provider(AnalysisContext context, ServiceMachines serving, SiteService service, Role? contributor, string key, string what, string word)
    {
        if (contributor is null)
        {
            return;
        }

        var machines = serving.Providing(service);
        if (machines.Count == 0)
        {
            context.Report(Rule.Create(contributor.Node.At(key),
                $"role '{contributor.Name}' contributes to the {what}, but no placed role provides {word}: the file is built and delivered nowhere",
                $"add 'provides: [{word}]' to the role that runs it, and place that role"));
        }
    }

    private static void Unmanaged(AnalysisContext context, ServiceMachines serving, string machine, Text.Location at, string what)
    {
        if (!serving.IsManaged(machine) && context.Site.Cadaster.Hosts[machine] is { } host)
        {
            context.Report(Rule.Create(at,
                $"'{machine}', {what}, has driver: none: Elenta installs no file on it, so what it should receive is delivered nowhere",
                $"give cadaster.compute.{machine} a driver (nixos or files), or name another host",
                [new RelatedLocation(host.Node.At("driver"), "driver: none")]));
        }
    }
}
