using Elenta.Core.Diagnostics;

namespace Elenta.Core.Tests.Analysis.Nixos;

/// <summary>EL9260: a role's config.nixos must name a flake configuration the nixos driver can build.</summary>
public class NixosConfigTests
{
    private static IReadOnlyList<Diagnostic> Check(string nixos) => TestSite.Minimal()
        .File("nixos-roles.yaml", $$"""
            roles:
              db:
                config:
                  nixos: {{nixos}}
            """).Compile().Diagnostics;

    [Theory]
    [InlineData("{ flake: \".#db\" }")]
    [InlineData("{ flake: \"github:owner/repo#db\" }")]
    [InlineData("{ flake: \"./nixos#db-server\" }")]
    [InlineData("{ extra: 1 }")]
    public void AFlakeConfigurationOrNoFlakeAtAllIsAccepted(string nixos) => Check(nixos).None("EL9260");

    [Theory]
    [InlineData("{ flake: \".\" }", "'.'")]
    [InlineData("{ flake: \".#\" }", "'.#'")]
    [InlineData("{ flake: \"#db\" }", "'#db'")]
    [InlineData("{ flake: \".#a#b\" }", "'.#a#b'")]
    [InlineData("{ flake: [ \".#db\" ] }", "a list")]
    public void AFlakeThatIsNotFlakeHashNameIsAnErrorAtTheValue(string nixos, string says)
    {
        var d = Check(nixos).Single("EL9260");
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Contains($"role 'db' names the NixOS configuration {says}, which is not FLAKE#NAME", d.Message);
        Assert.Equal(4, d.Location!.Value.Start.Line);
        Assert.EndsWith("nixos-roles.yaml", d.Location.File(), StringComparison.Ordinal);
    }

    [Fact]
    public void APlainStringIsAnErrorThatSaysHowToWriteIt()
    {
        var d = Check("\".#db\"").Single("EL9260");
        Assert.Contains("config.nixos as a value, not { flake: FLAKE#NAME }", d.Message);
        Assert.Contains("nixos: { flake: \".#db\" }", d.Help);
    }
}
