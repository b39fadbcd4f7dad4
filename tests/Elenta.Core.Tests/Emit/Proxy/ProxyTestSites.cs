using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Proxy;

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
                # nginx's ports: open to the lab (EL8065), 443 for the tests that give names TLS.
                services: { http: { port: tcp/8000 }, api: { port: tcp/9000 }, nginx: { port: tcp/80, clients: [lab] }, nginx-api: { port: tcp/8080, clients: [lab] }, https: { port: tcp/443, clients: [lab] } }
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

    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(TestSite site, bool analyze = true) =>
        EmitterRuns.Run(new ProxyEmitter(), site, analyze);

    public static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(EmitContext context) =>
        EmitterRuns.Run(new ProxyEmitter(), context);
}
