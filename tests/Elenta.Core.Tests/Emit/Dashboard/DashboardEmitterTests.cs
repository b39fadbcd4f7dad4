using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Dashboard;
using YamlDotNet.RepresentationModel;

namespace Elenta.Core.Tests.Emit.Dashboard;

public class DashboardEmitterTests
{
    [Fact]
    public void EmeraldCityDashboardParsesAndLinksThroughTheProxy()
    {
        var (artifact, diagnostics) = Emit(ExampleSites.EmitContext("emerald-city"));
        diagnostics.Clean();
        Assert.Equal(DashboardEmitter.OutputPath, artifact!.Path);
        var root = Parse(artifact);
        var pageInfo = (YamlMappingNode)root["pageInfo"];
        Assert.Equal("Emerald.City", Scalar(pageInfo, "title"));
        Assert.Equal("Off to see the wizard", Scalar(pageInfo, "description"));

        var sections = Sections(root);
        Assert.Equal(["Media", "Operations"], sections.Keys);
        Assert.Equal("https://sonarr.emerald.city/", Scalar(sections["Media"].Single(i => Scalar(i, "title") == "Sonarr"), "url"));
        Assert.Equal("hl-jellyfin", Scalar(sections["Media"].Single(i => Scalar(i, "title") == "Jellyfin"), "icon"));
        Assert.Equal("https://grafana.emerald.city/", Scalar(Assert.Single(sections["Operations"]), "url"));
    }

    [Fact]
    public void OneSectionPerConstellationUnlessTheEntryNamesOne()
    {
        var site = TestSite.Minimal()
            .File("dash.yaml", """
                roles:
                  web:
                    proxy: { www: { port: 8000 }, admin: { port: 8081, frontendPort: 8443 } }
                    services: { http: { clients: [lab] }, admin: { port: tcp/8443, clients: [lab] } }
                    dashboard:
                      - { title: Admin, description: "Admin: the back office", icon: fas fa-cog }
                      - { title: Status, url: "https://status.example.test/" }
                      - { title: Docs, section: Shared }
                  database:
                    dashboard: [ { title: pgAdmin } ]
                constellations:
                  staging:
                    machines:
                      beta:
                        hostConfig: { stage-web: { role: web } }
                """);
        var (artifact, diagnostics) = Emit(site);
        diagnostics.Clean();
        var root = Parse(artifact!);
        Assert.Equal("mini", Scalar((YamlMappingNode)root["pageInfo"], "title"));
        var sections = Sections(root);
        Assert.Equal(["app", "Shared", "staging"], sections.Keys);

        var app = sections["app"].ToDictionary(i => Scalar(i, "title")!, i => i);
        Assert.Equal("http://admin.example.test:8443/", Scalar(app["Admin"], "url"));
        Assert.Equal("Admin: the back office", Scalar(app["Admin"], "description"));
        Assert.Equal("https://status.example.test/", Scalar(app["Status"], "url"));
        Assert.Equal("http://db.canon:5432/", Scalar(app["pgAdmin"], "url"));

        // staging has no domain: its links go to the machine's canon name and first TCP service.
        var staging = sections["staging"].ToDictionary(i => Scalar(i, "title")!, i => i);
        Assert.Equal("http://beta.canon:80/", Scalar(staging["Admin"], "url"));
        Assert.Equal(2, sections["Shared"].Count);
    }

    [Fact]
    public void AnEntryWithNothingToLinkToIsLeftOutAndCheckWarns()
    {
        var site = TestSite.Minimal().File("dash.yaml", """
            roles:
              quiet:
                dashboard: [ { title: Nothing } ]
            constellations:
              app:
                machines:
                  beta: { hostConfig: { hush: { role: quiet } } }
            """);
        var warning = site.Compile().Diagnostics.Single("EL6010"); // the check's; the emitter trusts it
        Assert.False(warning.IsError);
        Assert.Contains("'Nothing'", warning.Message, StringComparison.Ordinal);
        Assert.Equal("dash.yaml", Path.GetFileName(warning.Location!.Value.File.Path));
        Assert.Equal(3, warning.Location!.Value.Start.Line);
        var (artifact, diagnostics) = Emit(site);
        diagnostics.Clean();
        Assert.Null(artifact);
    }

    [Fact]
    public void OutputIsByteIdenticalAcrossRuns()
    {
        var first = Emit(ExampleSites.EmitContext("emerald-city")).Artifact!;
        var second = Emit(ExampleSites.EmitContext("emerald-city")).Artifact!;
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Theory]
    [InlineData("plain words")]
    [InlineData("Admin: the back office")]
    [InlineData("a # not a comment")]
    [InlineData("- leading dash")]
    [InlineData("'single' and \"double\" quotes")]
    [InlineData("back\\slash")]
    [InlineData(" leading and trailing spaces ")]
    [InlineData("first line\nsecond line")]
    [InlineData("tab\tand bell\u0007")]
    [InlineData("{ [ flow, indicators ] }")]
    [InlineData("&anchor *alias !tag |pipe >fold %percent @at `tick")]
    [InlineData("Öffnungszeiten — 日本語 — 😀")]
    [InlineData("")]
    [InlineData("---")]
    [InlineData("a long description with many words that runs far beyond the eighty columns the emitter folds plain text at, and then some more")]
    public void EveryStringReadsBackAsWritten(string text)
    {
        var items = new[] { new DashboardItem(text, text, "https://example.test/?q=" + text, text, text) };
        var root = Parse(Artifact.Text(DashboardEmitter.OutputPath, "dashboard", null, DashyWriter.Write(new DashboardLayout(text, text, items))));

        var pageInfo = (YamlMappingNode)root["pageInfo"];
        Assert.Equal(text, Scalar(pageInfo, "title"));
        Assert.Equal(text, Scalar(pageInfo, "description"));
        var (name, item) = Assert.Single(Sections(root));
        Assert.Equal(text, name);
        var only = Assert.Single(item);
        Assert.Equal(text, Scalar(only, "title"));
        Assert.Equal(text, Scalar(only, "description"));
        Assert.Equal(text, Scalar(only, "icon"));
        Assert.Equal("https://example.test/?q=" + text, Scalar(only, "url"));
    }

    [Fact]
    public void ItemsOfOneSectionShareItAndAbsentFieldsAreLeftOut()
    {
        DashboardItem[] items =
        [
            new("Alpha", "One", "http://one/", null, null),
            new("Alpha", "Two", "http://two/", "fas fa-two", "the second"),
            new("beta", "Three", "http://three/", null, null),
        ];
        var text = DashyWriter.Write(new DashboardLayout("Lab", null, items));
        var root = Parse(Artifact.Text(DashboardEmitter.OutputPath, "dashboard", null, text));

        Assert.Null(Scalar((YamlMappingNode)root["pageInfo"], "description"));
        var sections = Sections(root);
        Assert.Equal(["Alpha", "beta"], sections.Keys);
        Assert.Equal(["One", "Two"], sections["Alpha"].Select(i => Scalar(i, "title")));
        Assert.Equal(["title", "url"], sections["Alpha"][0].Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal(["title", "description", "icon", "url"], sections["Alpha"][1].Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.StartsWith("# Dashy configuration generated by elenta", text, StringComparison.Ordinal);
    }

    private static YamlMappingNode Parse(Artifact artifact)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(System.Text.Encoding.UTF8.GetString(artifact.Content)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static Dictionary<string, List<YamlMappingNode>> Sections(YamlMappingNode root)
    {
        var result = new Dictionary<string, List<YamlMappingNode>>();
        foreach (var section in ((YamlSequenceNode)root["sections"]).Cast<YamlMappingNode>())
        {
            result.Add(Scalar(section, "name")!, ((YamlSequenceNode)section["items"]).Cast<YamlMappingNode>().ToList());
        }

        return result;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static (Artifact? Artifact, IReadOnlyList<Diagnostic> Diagnostics) Emit(TestSite site) => Single(EmitterRuns.Run(new DashboardEmitter(), site));

    private static (Artifact? Artifact, IReadOnlyList<Diagnostic> Diagnostics) Emit(EmitContext context) => Single(EmitterRuns.Run(new DashboardEmitter(), context));

    private static (Artifact? Artifact, IReadOnlyList<Diagnostic> Diagnostics) Single((IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) run) =>
        (run.Artifacts.SingleOrDefault(), run.Diagnostics);
}
