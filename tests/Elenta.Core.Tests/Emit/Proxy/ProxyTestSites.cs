using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Proxy;
using Elenta.Core.Tests.Support;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>Small sites for the proxy tests, and running the emitter on them.</summary>
internal static class ProxyTestSites
{
    /// <summary>The minimal site with a web role that proxies two names: one plain on port 8080, one with websockets.</summary>
    public static TestSite WithProxies(string redirectBareTo = "www") => TestSite.Minimal()
        .File("roles.yaml", """
            roles:
              web:
                resources: { cpus: 1, memory: 1GiB, disk: 10GiB }
                services: { http: { port: tcp/8000 }, api: { port: tcp/9000 } }
                proxy:
                  www: { port: 8000 }
                  api: { port: 9000, frontendPort: 8080, websocket: false }
              database:
                options: { mode: { type: enum, values: [primary, secondary], default: primary } }
                resources: { cpus: 2, memory: 4GiB, disk: 20GiB }
                services: { postgres: { port: 5432 } }
            """)
        .File("constellations.yaml", $$"""
            constellations:
              app:
                domain: example.test
                redirectBareTo: {{redirectBareTo}}
                machines:
                  alpha:
                    hostConfig: { site: { role: web } }
                    vms:
                      db: { role: database, extraOpts: { mode: primary }, address: { network: lab, ip: 10.0.0.20 }, mac: "02:00:00:00:01:01" }
            """);

    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(TestSite site, bool analyze = true)
    {
        var compilation = site.Compile(analyze: analyze);
        Assert.True(compilation.Diagnostics.All(d => !d.IsError), DiagnosticAssertions.Describe(compilation.Diagnostics));
        return Emit(EmitContext.ForTests(compilation.Resolved!, new DateOnly(2026, 1, 1)));
    }

    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(EmitContext context)
    {
        var bag = new DiagnosticBag();
        var artifacts = new ProxyEmitter().Emit(context, bag).ToList();
        return (artifacts, bag.ToSortedList());
    }

    public static string Text(this Artifact artifact) => System.Text.Encoding.UTF8.GetString(artifact.Content);

    public static Artifact At(this IReadOnlyList<Artifact> artifacts, string path) =>
        artifacts.SingleOrDefault(a => a.Path == path) ?? throw new Xunit.Sdk.XunitException($"no artifact {path}; have: {string.Join(", ", artifacts.Select(a => a.Path))}");
}
