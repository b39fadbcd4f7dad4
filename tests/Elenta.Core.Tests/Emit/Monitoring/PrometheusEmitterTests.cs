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
            ["monitoring/prometheus/node.json", "monitoring/prometheus/nsd.json", "monitoring/prometheus/postgres.json", PrometheusEmitter.ConfigPath],
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
    public void PrometheusYmlPointsEachJobAtItsFile()
    {
        var (artifacts, _) = Emit(ExampleSites.EmitContext("emerald-city"));
        var config = artifacts.Single(a => a.Path == PrometheusEmitter.ConfigPath);
        Assert.Equal(PrometheusEmitter.ConfigTarget, config.Delivery!.Target);
        Assert.Equal(["daktylos"], config.Machines);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(config.Text()));
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
        Assert.Equal("metrics.yaml", Path.GetFileName(error.Location!.Value.File.Path));
        Assert.Equal(2, error.Location!.Value.Start.Line);
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
        Assert.Equal(3, error.Location!.Value.Start.Line);
        Assert.Contains("'odd role'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PromtoolOfDebiansPrometheusAcceptsTheConfigAndEveryTargetFile()
    {
        // The jobs are pointed at the target files written into a temp directory, so promtool
        // checks them as well (it only warns about a file_sd file that does not exist).
        var (artifacts, _) = Emit(ExampleSites.EmitContext("emerald-city"));
        var dir = Directory.CreateTempSubdirectory("elenta-prometheus-").FullName;
        try
        {
            var jobs = new List<string>();
            foreach (var target in artifacts.Where(a => a.Path.EndsWith(".json", StringComparison.Ordinal)))
            {
                var job = Path.GetFileNameWithoutExtension(target.Path);
                jobs.Add(job);
                File.WriteAllBytes(Path.Combine(dir, job + ".json"), target.Content);
            }

            var emitted = artifacts.Single(a => a.Path == PrometheusEmitter.ConfigPath).Text();
            Assert.Equal(emitted, PrometheusWriter.WriteConfig(jobs, PrometheusEmitter.TargetFileOf));
            var config = Path.Combine(dir, "prometheus.yml");
            File.WriteAllText(config, PrometheusWriter.WriteConfig(jobs, job => Path.Combine(dir, job + ".json")));
            var result = ExternalTool.Run("promtool", "check", "config", config);
            result.AssertOk("promtool check config");
            Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("WARNING", result.Output, StringComparison.Ordinal);
            // What the emitter used to write, and what promtool of Debian 12 refuses: the guard is real.
            File.WriteAllText(config, "scrape_config_files: [" + Path.Combine(dir, "x.yml") + "]\n");
            Assert.NotEqual(0, ExternalTool.Run("promtool", "check", "config", config).ExitCode);

            // promtool reads the target files: a broken one fails the check.
            File.WriteAllText(Path.Combine(dir, jobs[0] + ".json"), "[ { \"targets\": 5 } ]");
            File.WriteAllText(config, PrometheusWriter.WriteConfig(jobs, job => Path.Combine(dir, job + ".json")));
            Assert.NotEqual(0, ExternalTool.Run("promtool", "check", "config", config).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void APrometheusWithNothingToScrapeStillGetsAValidConfig()
    {
        var site = TestSite.Minimal().File("prom.yaml", """
            roles:
              monitoring: { provides: [prometheus] }
            constellations:
              ops: { machines: { beta: { hostConfig: { prom: { role: monitoring } } } } }
            """);
        var (artifacts, diagnostics) = Emit(site);
        diagnostics.Clean();
        var config = Assert.Single(artifacts);
        Assert.Equal(["beta"], config.Machines);
        var dir = Directory.CreateTempSubdirectory("elenta-prometheus-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "prometheus.yml"), config.Content);
            ExternalTool.Run("promtool", "check", "config", Path.Combine(dir, "prometheus.yml")).AssertOk("promtool check config");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<JsonElement> Groups(Artifact artifact) =>
        JsonDocument.Parse(artifact.Content).RootElement.EnumerateArray().ToList();

    private static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(TestSite site) => EmitterRuns.Run(new PrometheusEmitter(), site);

    private static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(EmitContext context) => EmitterRuns.Run(new PrometheusEmitter(), context);
}
