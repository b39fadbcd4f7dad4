using System.Text;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Files;
using Elenta.Core.Text;

namespace Elenta.Core.Tests.Emit.Files;

/// <summary>The files driver: Liquid templates rendered by Fluid with each machine's view.</summary>
public sealed class FilesEmitterTests
{
    private static string Text(Location? location) => location!.Value.File.Text.Substring(location!.Value.Span.Start, location!.Value.Span.Length);

    private static TestSite Site(string roles, params (string Path, string Text)[] templates)
    {
        var site = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ncanonDomain: canon\nignore: [templates]\n")
            .File("files.yaml", roles);
        foreach (var (path, text) in templates)
        {
            site.File(path, text);
        }

        return site;
    }

    private static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(string roles, params (string Path, string Text)[] templates)
    {
        var site = Site(roles, templates);
        var compilation = site.Compile();
        compilation.Diagnostics.Clean();
        var context = EmitContext.ForTests(compilation.Resolved!, ExampleSites.Today) with
        {
            ReadSiteFile = relative => site.FileSystem.FileExists("/site/" + relative) ? Encoding.UTF8.GetString(site.FileSystem.ReadAllBytes("/site/" + relative)) : null,
        };
        return EmitterRuns.Run(new FilesEmitter(), context);
    }

    private const string AgentRole = """
        roles:
          agent:
            options:
              server: { type: string, default: collector.example }
              port: { type: int, default: 514 }
            config:
              files:
                - { path: /etc/agent/agent.conf, template: templates/agent.conf.liquid, mode: "0600" }
        constellations:
          ops:
            machines:
              beta:
                hostConfig:
                  beta-agent: { role: agent, extraOpts: { server: "logs<1>.example" } }
        """;

    [Fact]
    public void RendersTheMachinesViewWithFluid()
    {
        var (artifacts, diagnostics) = Emit(AgentRole, ("templates/agent.conf.liquid", """
            host={{ name }} kind={{ kind }}
            server={{ role.options.server }}:{{ roles[0].options.port | plus: 1 }}
            {% for a in addresses %}listen={{ a.ip }} {% endfor %}
            path={{ file.path }} mode={{ file.mode }}
            constellation={{ constellations.ops.name }}
            """));
        diagnostics.Clean();
        var artifact = Assert.Single(artifacts);
        Assert.Equal("files/beta/etc/agent/agent.conf", artifact.Path);
        Assert.Equal("/etc/agent/agent.conf", artifact.Delivery!.Target);
        Assert.Equal(["beta"], artifact.Machines);
        var text = Encoding.UTF8.GetString(artifact.Content);
        Assert.Contains("host=beta kind=host", text, StringComparison.Ordinal);
        Assert.Contains("server=logs<1>.example:515", text, StringComparison.Ordinal); // extraOpts win; no HTML encoding
        Assert.Contains("listen=10.0.0.3 ", text, StringComparison.Ordinal);
        Assert.Contains("path=/etc/agent/agent.conf mode=0600", text, StringComparison.Ordinal);
        Assert.Contains("constellation=ops", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenTemplateIsReportedAtItsTemplateKeyWithFluidsMessage()
    {
        var (artifacts, diagnostics) = Emit(AgentRole, ("templates/agent.conf.liquid", "line one\n{% if name %}unclosed\n"));
        Assert.Empty(artifacts);
        var d = diagnostics.Single("EL9141");
        Assert.Equal("templates/agent.conf.liquid", Text(d.Location));
        Assert.EndsWith("files.yaml", d.Location!.Value.File.Path, StringComparison.Ordinal);
        Assert.Contains("templates/agent.conf.liquid", d.Message, StringComparison.Ordinal);
        Assert.Contains("{% endif %}", d.Message, StringComparison.Ordinal); // Fluid's own words
        Assert.DoesNotContain('\n', d.Message);

        // Fluid's position, carried over as a related location inside the template.
        var inside = Assert.Single(d.Related).Location;
        Assert.EndsWith("templates/agent.conf.liquid", inside.File.Path, StringComparison.Ordinal);
        Assert.True(inside.Start.Line >= 2, inside.ToString());
    }

    [Fact]
    public void ARunawayTemplateIsStoppedAndReported()
    {
        var (artifacts, diagnostics) = Emit(AgentRole, ("templates/agent.conf.liquid", "{% for i in (1..3000) %}{% for j in (1..3000) %}x{% endfor %}{% endfor %}"));
        Assert.Empty(artifacts);
        Assert.Equal("templates/agent.conf.liquid", Text(diagnostics.Single("EL9141").Location));
    }

    [Fact]
    public void AMissingTemplateIsReportedAtItsTemplateKey()
    {
        var (artifacts, diagnostics) = Emit(AgentRole);
        Assert.Empty(artifacts);
        Assert.Equal("templates/agent.conf.liquid", Text(diagnostics.Single("EL9140").Location));
    }

    [Fact]
    public void TwoRolesWritingOnePathIsACheckError()
    {
        var diagnostics = Site(AgentRole, ("templates/agent.conf.liquid", "x"), ("more.yaml", """
            roles:
              other:
                config:
                  files:
                    - { path: /etc/agent/agent.conf, template: templates/agent.conf.liquid }
            constellations:
              more:
                machines:
                  beta:
                    hostConfig:
                      beta-other: { role: other }
            """)).Compile().Diagnostics;
        var d = diagnostics.Single("EL6011");
        Assert.True(d.IsError);
        Assert.Equal("more.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.Equal(5, d.Location!.Value.Start.Line);
        Assert.Equal("/etc/agent/agent.conf", Text(d.Location));
        Assert.Equal("files.yaml", Path.GetFileName(Assert.Single(d.Related).Location.File.Path));
    }

    [Fact]
    public void ARelativePathIsABindingErrorAtThePath()
    {
        var d = Site(AgentRole.Replace("/etc/agent/agent.conf", "etc/../agent.conf", StringComparison.Ordinal), ("templates/agent.conf.liquid", "x"))
            .Compile().Diagnostics.Single("EL2004");
        Assert.Equal("files.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.Equal(8, d.Location!.Value.Start.Line);
        Assert.Equal("etc/../agent.conf", Text(d.Location));
        Assert.Contains("absolute file path", d.Message, StringComparison.Ordinal);
    }

    // The fuzzer's path /etc/\.conf got through the check and stopped the build with an exception.
    // The YAML is double-quoted: "\\" is a backslash, "\t" a tab.
    [Theory]
    [InlineData(@"/etc/\\.conf")]
    [InlineData(@"/etc/agent\tconf")]
    public void ABackslashOrAControlCharacterInThePathIsABindingErrorAndTheBuildStopsCleanly(string yaml)
    {
        var compilation = Site(AgentRole.Replace("/etc/agent/agent.conf", $"\"{yaml}\"", StringComparison.Ordinal), ("templates/agent.conf.liquid", "x")).Compile();
        var d = compilation.Diagnostics.Single("EL2004");
        Assert.Equal("files.yaml", Path.GetFileName(d.Location!.Value.File.Path));
        Assert.Contains("backslashes or control characters", d.Message, StringComparison.Ordinal);
        // Past the gate nothing is emitted, and nothing throws.
        var result = BuildPipeline.Build(compilation, r => EmitContext.ForTests(r, ExampleSites.Today) with { ReadSiteFile = _ => "x" });
        Assert.Empty(result.Artifacts);
    }

    [Fact]
    public void EmeraldCityBackupClientRendersOnRandy()
    {
        var context = ExampleSites.SharedEmitContext("emerald-city");
        var artifacts = EmitterRuns.RunClean(new FilesEmitter(), context);
        var role = context.Resolved.Site.Roles["backup-client"]!;
        var file = Assert.Single(role.Config.Files);
        var artifact = artifacts.Single(a => a.Machines.SequenceEqual(["randy"]) && a.Delivery!.Target == file.Path);
        var text = Encoding.UTF8.GetString(artifact.Content);
        Assert.Contains($"target = {role.Options["target"]!.Default}", text, StringComparison.Ordinal);
        Assert.Contains($"schedule = {role.Options["schedule"]!.Default}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
    }
}
