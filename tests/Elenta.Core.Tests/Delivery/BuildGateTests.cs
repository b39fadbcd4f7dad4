using Elenta.Core.Emit;

namespace Elenta.Core.Tests.Delivery;

/// <summary>The gate between checking and writing lives in Core: no caller gets the artifacts of a site with errors.</summary>
public class BuildGateTests
{
    private static readonly DateOnly Today = new(2026, 5, 11);

    // 10.0.0.3 is beta's address: only the analysis (EL4001) sees the duplicate.
    private static TestSite Broken() => TestSite.Minimal().File("dup.yaml", """
        constellations:
          app:
            machines:
              alpha:
                vms:
                  dup: { role: web, address: { network: lab, ip: 10.0.0.3 }, mac: "02:00:00:00:01:09" }
        """);

    [Fact]
    public void ACompilationWithErrorsBuildsNothing()
    {
        var compilation = Broken().Compile();
        Assert.True(compilation.HasErrors);
        Assert.NotNull(compilation.Resolved);
        var result = BuildPipeline.Build(compilation, r => EmitContext.ForTests(r, Today));
        Assert.Empty(result.Artifacts);
        Assert.True(result.HasErrors);
        Assert.Equal(compilation.Diagnostics, result.Diagnostics);
    }

    [Fact]
    public void ABuildStartedBeforeTheAnalysisHandsOutNothingWhenTheAnalysisFindsAnError()
    {
        PendingBuild? pending = null;
        var handedOut = 0;
        var compilation = Compilation.Create("/site", Broken().FileSystem, null, new CompilationOptions(true)
        {
            Resolved = r => pending = BuildPipeline.Start(EmitContext.ForTests(r, Today), new BuildOptions { FilesReady = _ => handedOut++ }),
        });
        Assert.NotNull(pending); // the emitters did start: the site resolved cleanly
        var result = pending.Complete(compilation);
        Assert.Empty(result.Artifacts);
        Assert.Equal(0, handedOut);
    }

    [Fact]
    public void ACleanSiteBuildsWithTheManifestLastAndHandsTheFilesOutFirst()
    {
        PendingBuild? pending = null;
        IReadOnlyList<Artifact>? handedOut = null;
        var compilation = Compilation.Create("/site", TestSite.Minimal().File("elenta.yaml", "site: mini\n").FileSystem, null, new CompilationOptions(true)
        {
            Resolved = r => pending = BuildPipeline.Start(EmitContext.ForTests(r, Today), new BuildOptions { FilesReady = files => handedOut = files }),
        });
        var result = pending!.Complete(compilation);
        Assert.False(result.HasErrors, DiagnosticAssertions.Describe(result.Diagnostics));
        Assert.Equal(Manifest.Path, result.Artifacts[^1].Path);
        Assert.Equal(result.Artifacts.Take(result.Artifacts.Count - 1).Select(a => a.Path), handedOut!.Select(a => a.Path));
    }

    [Fact]
    public void TwoFilesForOnePathOnOneMachineStopTheBuild()
    {
        // A role's own file at the path the proxy family installs its servers on the same machine.
        var compilation = TestSite.Minimal()
            .File("proxy.yaml", """
                roles:
                  web:
                    proxy: { www: { port: 8000 } }
                    services: { http: { clients: [lab] } }
                    config:
                      files: [ { path: /etc/nginx/conf.d/elenta-proxy.conf, template: t.liquid } ]
                """)
            .File("t.liquid", "x\n")
            .Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var result = BuildPipeline.Build(compilation, r => EmitContext.ForTests(r, Today) with { ReadSiteFile = _ => "x\n" });
        var d = result.Diagnostics.Single("EL9200");
        Assert.Contains("alpha would receive both", d.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/nginx/conf.d/elenta-proxy.conf", d.Message, StringComparison.Ordinal);
        Assert.Empty(result.Artifacts);
    }
}
