using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8040: Elenta is to serve the netboot store with nginx, but cannot write that server for it.</summary>
public sealed class NetbootStoreNotServableRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8040", "Netboot store cannot be served by the generated nginx server", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Unless netbootStore says serve: none, `elenta build` writes an nginx server block for the
        store's server that maps the path of netbootStore.baseUrl to netbootStore.path. It serves
        plain http: an https baseUrl needs a certificate the site has to set up, so it is refused
        here rather than served without one. The path and the URL's path must also be plain words
        nginx can carry unquoted (no whitespace, quotes, '$', ';', '{', '}', '#', '\'): nginx would
        read '$' as a variable and ';' as the end of the directive. Write an http:// baseUrl and a
        plain path, or set serve: none and serve the store yourself.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var store = context.Site.Settings.NetbootStore;
        if (store is not { ServedByNginx: true } || NetbootUrls.UsableBaseUrl(store) is not { } baseUrl
            || !context.Site.Cadaster.Hosts.Any(h => h.Boot.Mode == BootMode.Netboot))
        {
            return;
        }

        var node = context.Site.Tree.Map(SiteKeys.NetbootStore)!;
        const string Fix = "or set netbootStore.serve: none and serve the store yourself";
        if (NetbootUrls.Locate(baseUrl) is not { } location)
        {
            context.Report(Rule.Create(node.At("baseUrl"),
                $"netbootStore.baseUrl '{baseUrl}' is https, and the nginx server Elenta writes for the store serves plain http (it has no certificate to offer)",
                $"use an http:// baseUrl, {Fix} over https, with a certificate iPXE trusts"));
            return;
        }

        if (!NetbootUrls.IsPlainWord(location.Path))
        {
            context.Report(Rule.Create(node.At("baseUrl"),
                $"the path of netbootStore.baseUrl, '{location.Path}', holds characters nginx cannot take in a location unquoted",
                $"use a path of letters, digits and - _ . / such as /netboot, {Fix}"));
        }

        if (!NetbootUrls.IsPlainWord(store.Path))
        {
            context.Report(Rule.Create(node.At("path"),
                $"netbootStore.path '{store.Path}' holds characters nginx cannot take in an alias unquoted",
                $"use a path of letters, digits and - _ . / such as /srv/netboot, {Fix}"));
        }
    }
}
