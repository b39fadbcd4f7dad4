using System.Text;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Files;

namespace Elenta.Core.Tests.Emit.Files;

/// <summary>A hostile site must not render files from outside itself into the build output.</summary>
public sealed class TemplateOutsideSiteTests
{
    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("templates/../../secret.txt")]
    [InlineData("/secret.txt")]
    public void ATemplateOutsideTheSiteIsAnErrorAndNothingIsRendered(string template)
    {
        var site = TestSite.Minimal()
            .File("files.yaml", $$"""
                roles:
                  web:
                    config:
                      files: [ { path: /etc/web.conf, template: "{{template}}" } ]
                """)
            .Outside("/secret.txt", "root:secret\n");
        var compilation = site.Compile();
        compilation.Diagnostics.Clean();
        var context = EmitContext.ForTests(compilation.Resolved!, ExampleSites.Today) with
        {
            // As the CLI reads it: the path joined to the site directory, whatever it says.
            ReadSiteFile = relative =>
            {
                var full = site.FileSystem.GetFullPath(relative.StartsWith('/') ? relative : "/site/" + relative);
                return site.FileSystem.FileExists(full) ? Encoding.UTF8.GetString(site.FileSystem.ReadAllBytes(full)) : null;
            },
        };

        var (artifacts, diagnostics) = EmitterRuns.Run(new FilesEmitter(), context);
        var d = diagnostics.Single("EL9140");
        Assert.Contains("outside the site", d.Message);
        Assert.EndsWith("files.yaml", d.Location!.Value.File.Path);
        Assert.DoesNotContain(artifacts, a => Encoding.UTF8.GetString(a.Content).Contains("secret", StringComparison.Ordinal));
    }
}
