using System.Text.Json;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Monitoring;
using YamlDotNet.RepresentationModel;

namespace Elenta.Core.Tests.Emit.Monitoring;

public class PrometheusEmitterTests
{
    [Fact]
    public void EmeraldCityHasAFileSdTargetFilePerJobWithLabels()
    {
        var context = ExampleSites.EmitContext("emerald-city");
        var (artifacts, diagnostics) = Emit(context);
        diagnostics.Clean();
        Assert.Equal(
            ["monitoring/prometheus/node.json", "monitoring/prometheus/nsd.json", "monitoring/prometheus/postgres.json", PrometheusEmitter.ScrapeConfigsPath],
            artifacts.Select(a => a.Path));

        var node = Groups(artifacts.Single(a => a.Path.EndsWith("/node.json", StringComparison.Ordinal)));
        var nodeInstances = context.Resolved.Site.Constellations.SelectMany(c => c.Instances).Where(i => i.Role == "node-exporter").ToList();
        Assert.Equal(nodeInstances.Count, node.Count);
        var toto = node.Single(g => g.GetProperty("labels").GetProperty("instance").GetString() == "toto-node");
        Assert.Equal(["10.255.0.10:9100"], toto.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var labels = toto.GetProperty("labels");
        Assert.Equal("toto", labels.GetProperty("host").GetString());
        Assert.Equal("node-exporter", labels.GetProperty("role").GetString());
        Assert.Equal("emerald-city", labels.GetProperty("constellation").GetString());
        Assert.False(labels.TryGetProperty("__metrics_path__", out _));

        var postgres = Assert.Single(Groups(artifacts.Single(a => a.Path.EndsWith("/postgres.json", StringComparison.Ordinal))));
        Assert.Equal("db-a", postgres.GetProperty("labels").GetProperty("host").GetString());
        Assert.Equal(["10.255.1.30:9187"], postgres.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("/etc/prometheus/file_sd/postgres.json", artifacts.Single(a => a.Path.EndsWith("/postgres.json", StringComparison.Ordinal)).Delivery!.Target);
    }

    [Fact]
    public void ScrapeConfigsPointEachJobAtItsFile()
    {
        var (artifacts, _) = Emit(ExampleSites.EmitContext("emerald-city"));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(artifacts.Single(a => a.Path == PrometheusEmitter.ScrapeConfigsPath).Text()));
        var configs = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["scrape_configs"];
        var jobs = configs.Cast<YamlMappingNode>().ToDictionary(
            c => ((YamlScalarNode)c["job_name"]).Value!,
            c => ((YamlScalarNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)c["file_sd_configs"])[0])["files"])[0]).Value!);
        var targetFiles = artifacts.Where(a => a.Path.EndsWith(".json", StringComparison.Ordinal)).ToDictionary(a => Path.GetFileNameWithoutExtension(a.Path), a => a.Delivery!.Target);
        Assert.Equal(targetFiles.OrderBy(k => k.Key), jobs.OrderBy(k => k.Key).Select(k => new KeyValuePair<string, string>(k.Key, k.Value)));
    }

    [Fact]
    public void JobDefaultsToTheRoleAndACustomPathBecomesALabel()
    {
        var site = TestSite.Minimal().File("metrics.yaml", """
            roles:
              web:
                metrics:
                  - { port: 9113, path: /stub_status }
                  - { port: 9100, job: node }
            """);
        var (artifacts, diagnostics) = Emit(site);
        diagnostics.Clean();
        var web = Assert.Single(Groups(artifacts.Single(a => a.Path == "monitoring/prometheus/web.json")));
        Assert.Equal("/stub_status", web.GetProperty("labels").GetProperty("__metrics_path__").GetString());
        Assert.Equal(["10.0.0.2:9113"], web.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var node = Assert.Single(Groups(artifacts.Single(a => a.Path == "monitoring/prometheus/node.json")));
        Assert.Equal("www", node.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal("alpha", node.GetProperty("labels").GetProperty("host").GetString());
    }

    [Fact]
    public void AnInstanceWithoutAddressIsLeftOutAndTheEmitterLeavesTheWarningToTheCheck()
    {
        var site = TestSite.Minimal().File("metrics.yaml", """
            roles:
              database: { metrics: [ { port: 9187, job: postgres } ] }
            constellations:
              app:
                machines:
                  beta: { containers: { pg: { role: database } } }
            """);
        var (artifacts, diagnostics) = Emit(site);
        diagnostics.Clean(); // check's EL4012 says it (Analysis/Addressing/MachineWithoutAddressTests)
        var group = Assert.Single(Groups(artifacts.Single(a => a.Path == "monitoring/prometheus/postgres.json")));
        Assert.Equal("db", group.GetProperty("labels").GetProperty("instance").GetString());
    }

    [Fact]
    public void EachInstanceOfARoleIsScrapedAtItsOwnAddressOnEveryDistinctPortInOrder()
    {
        var site = TestSite.Minimal().File("metrics.yaml", """
            roles:
              web:
                metrics:
                  - { port: 9113, job: web }
                  - { port: 80, job: web }
                  - { port: 9113, job: web }
            constellations:
              staging:
                machines:
                  beta: { hostConfig: { stage-web: { role: web } } }
            """);
        var (artifacts, diagnostics) = Emit(site);
        diagnostics.Clean();
        var groups = Groups(artifacts.Single(a => a.Path == "monitoring/prometheus/web.json"));
        Assert.Equal(["app", "staging"], groups.Select(g => g.GetProperty("labels").GetProperty("constellation").GetString()));
        Assert.Equal(["10.0.0.2:80", "10.0.0.2:9113"], groups[0].GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["10.0.0.3:80", "10.0.0.3:9113"], groups[1].GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("stage-web", groups[1].GetProperty("labels").GetProperty("instance").GetString());
    }

    [Fact]
    public void AJobNameThatCannotBeAFileNameIsACheckErrorAndNeverAFile()
    {
        const string Metrics = """
            roles:
              web: { metrics: [ { port: 9100, job: "../etc/passwd" } ] }
            """;
        var error = TestSite.Minimal().File("metrics.yaml", Metrics).Compile().Diagnostics.Single("EL6009");
        Assert.True(error.IsError);
        Assert.Equal("metrics.yaml", Path.GetFileName(error.Location!.File.Path));
        Assert.Equal(2, error.Location.Start.Line);
        Assert.Equal("\"../etc/passwd\"", Elenta.Core.Tests.Analysis.SpanText.Of(error));

        var (artifacts, diagnostics) = Emit(TestSite.Minimal().File("elenta.yaml", "site: mini\nanalysis: { rules: { EL6009: off } }\n").File("metrics.yaml", Metrics));
        diagnostics.Clean();
        Assert.DoesNotContain(artifacts, a => a.Path.Contains("passwd", StringComparison.Ordinal));
    }

    [Fact]
    public void ARoleNameThatCannotBeAJobIsReportedAtTheRole()
    {
        var error = TestSite.Minimal().File("metrics.yaml", """
            roles:
              web: { metrics: [ { port: 9100 } ] }
              "odd role": { metrics: [ { port: 9101 } ] }
            constellations: { extra: { machines: { beta: { hostConfig: { odd: { role: "odd role" } } } } } }
            """).Compile().Diagnostics.Single("EL6009");
        Assert.Equal(3, error.Location!.Start.Line);
        Assert.Contains("'odd role'", error.Message, StringComparison.Ordinal);
    }

    private static List<JsonElement> Groups(Artifact artifact) =>
        JsonDocument.Parse(artifact.Content).RootElement.EnumerateArray().ToList();

    private static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(TestSite site) => EmitterRuns.Run(new PrometheusEmitter(), site);

    private static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(EmitContext context) => EmitterRuns.Run(new PrometheusEmitter(), context);
}
