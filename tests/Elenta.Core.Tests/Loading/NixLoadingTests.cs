using Elenta.Core.Loading;

namespace Elenta.Core.Tests.Loading;

public class NixLoadingTests
{
    private sealed class FakeNix(NixEvaluation result) : INixEvaluator
    {
        public NixEvaluation Evaluate(string path) => result;
    }

    [Fact]
    public void NixOutputIsMergedAndPointsAtTheNixFile()
    {
        var nix = new FakeNix(NixEvaluation.Success("""{"networks":{"dmz":{"cidr":"10.9.0.0/24","vlan":30}}}"""));
        var c = TestSite.Minimal().File("dmz.nix", "{ networks.dmz = { cidr = \"10.9.0.0/24\"; vlan = 30; }; }\n").Compile(nix);
        c.Diagnostics.Clean();
        Assert.Equal(30, c.Site!.Networks["dmz"]!.Vlan);
        Assert.EndsWith("dmz.nix", c.Site.Networks["dmz"]!.Node.Location.File.Path);
    }

    [Fact]
    public void MissingNixIsAClearDiagnostic()
    {
        var c = TestSite.Minimal().File("dmz.nix", "{ }\n").Compile(new FakeNix(NixEvaluation.NotInstalled));
        Assert.Contains("nix-instantiate", c.Diagnostics.Single("EL0006").Message);
        Assert.Contains("nix-bin", c.Diagnostics.Single("EL0006").Help);
    }

    [Fact]
    public void NixFailureCarriesNixsMessageAndLine()
    {
        var nix = new FakeNix(NixEvaluation.Failure("syntax error, unexpected ';'", 2, 9));
        var c = TestSite.Minimal().File("dmz.nix", "{\n  a = 1 +;\n}\n").Compile(nix);
        var d = c.Diagnostics.Single("EL0007");
        Assert.Contains("unexpected ';'", d.Message);
        Assert.Equal(2, d.Location!.Value.Start.Line);
        Assert.Equal(9, d.Location!.Value.Start.Column);
    }
}
