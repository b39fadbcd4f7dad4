using System.Text.Json.Nodes;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

public class CheckCommandTests
{
    [Fact]
    public void ReferenceSiteIsCleanAndExitsZero()
    {
        var r = CliRunner.InRepo("check", "examples/emerald-city");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("0 errors", r.Out);
    }

    [Fact]
    public void EveryBrokenExampleExitsOneWithLocatedDiagnostics()
    {
        var broken = Directory.GetDirectories(Path.Combine(CliRunner.RepoRoot, "examples", "broken"));
        Assert.True(broken.Length >= 5);
        foreach (var dir in broken)
        {
            var rel = Path.GetRelativePath(CliRunner.RepoRoot, dir);
            var r = CliRunner.InRepo("check", rel);
            Assert.True(r.ExitCode == 1, $"{rel}: exit {r.ExitCode}\n{r.Out}{r.Err}");
            Assert.Matches(@"^examples/broken/[a-z-]+/[a-z-]+\.yaml:\d+:\d+: error EL\d{4}: ", r.Out);
            Assert.Contains(" | ", r.Out);
            Assert.Contains("^", r.Out);
            Assert.DoesNotContain("   at ", r.Out + r.Err);
        }
    }

    [Fact]
    public void JsonFormatCarriesPositions()
    {
        var r = CliRunner.InRepo("check", "examples/broken/dangling-reference", "--format", "json");
        Assert.Equal(1, r.ExitCode);
        var json = JsonNode.Parse(r.Out)!;
        Assert.Equal(1, json["errors"]!.GetValue<int>());
        var d = json["diagnostics"]![0]!;
        Assert.Equal("EL2005", d["code"]!.GetValue<string>());
        Assert.Equal(7, d["line"]!.GetValue<int>());
        Assert.Equal(25, d["column"]!.GetValue<int>());
        Assert.EndsWith("hosts.yaml", d["file"]!.GetValue<string>());
    }

    [Fact]
    public void SarifHasRulesResultsAndRelatedLocations()
    {
        var r = CliRunner.InRepo("check", "examples/broken/merge-conflict", "--format", "sarif");
        Assert.Equal(1, r.ExitCode);
        var sarif = JsonNode.Parse(r.Out)!;
        Assert.Equal("2.1.0", sarif["version"]!.GetValue<string>());
        var run = sarif["runs"]![0]!;
        Assert.Equal("EL1001", run["tool"]!["driver"]!["rules"]![0]!["id"]!.GetValue<string>());
        var result = run["results"]![0]!;
        Assert.Equal("error", result["level"]!.GetValue<string>());
        Assert.Equal(5, result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>());
        Assert.EndsWith("toto.yaml", result["relatedLocations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>());
    }

    [Fact]
    public void CheckFromASubdirectoryOfASiteChecksTheWholeSite()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: sub\n");
        dir.Write("networks.yaml", "networks: { lab: { cidr: 10.0.0.0/24 } }\n");
        dir.Write("cadaster/compute/a.yaml", "cadaster: { compute: { a: { canon: { lab: { ip: 10.0.0.5 } } } } }\n");
        dir.Write("cadaster/compute/b.yaml", "cadaster: { compute: { b: { canon: { lan: { ip: 10.0.0.6 } } } } }\n");
        var sub = Path.Combine(dir.Path, "cadaster", "compute");

        var r = CliRunner.Run(sub, "check");
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("EL0011", r.Out);
        // The one mistake is found (the network 'lan' is in networks.yaml, one directory up: so that file was read too).
        Assert.Contains("b.yaml:1:", r.Out);
        Assert.Contains("unknown network 'lan'; did you mean 'lab'?", r.Out);

        dir.Write("cadaster/compute/b.yaml", "cadaster: { compute: { b: { canon: { lab: { ip: 10.0.0.6 } } } } }\n");
        var clean = CliRunner.Run(sub, "check", "--format", "json");
        Assert.True(clean.ExitCode == 0, clean.Out + clean.Err);
        Assert.Equal(0, JsonNode.Parse(clean.Out)!["errors"]!.GetValue<int>());
        Assert.Equal(0, CliRunner.Run(sub, "check", ".").ExitCode);
        Assert.Equal(0, CliRunner.Run(dir.Path, "check", "cadaster").ExitCode);
    }

    [Fact]
    public void AMistypedSiteIsReportedNotReplacedByTheSiteAroundIt()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: sub\n");
        var r = CliRunner.Run(dir.Path, "check", "no-such-dir");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("EL0011", r.Out);
        Assert.Contains("no-such-dir", r.Out);
    }

    [Fact]
    public void MissingSiteIsAnErrorNotACrash()
    {
        var r = CliRunner.InRepo("check", "no/such/site");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("EL0011", r.Out);
    }

    [Fact]
    public void ExplainSaysARetiredCodeIsRetiredAndWhatReplacedIt()
    {
        var r = CliRunner.InRepo("check", "--explain", "EL9020");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("EL9020: DHCP lease time cannot be read", r.Out);
        Assert.Contains("retired; replaced by EL2004 (Value cannot be parsed)", r.Out);
        Assert.Contains("docs/diagnostics.md#el9020", r.Out);
    }

    [Theory]
    [InlineData("EL9060", "EL2004")]
    [InlineData("EL9061", "EL8011")]
    [InlineData("EL9062", "EL8012")]
    [InlineData("EL9160", "EL5008")]
    [InlineData("EL9161", "EL5001")]
    public void ExplainSaysWhatReplacedAnEmitCode(string old, string replacement)
    {
        var r = CliRunner.InRepo("check", "--explain", old);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"retired; replaced by {replacement}", r.Out);
    }

    [Fact]
    public void ExplainPrintsACode()
    {
        var r = CliRunner.InRepo("check", "--explain", "EL1001");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Two different values", r.Out);
        Assert.Contains("docs/diagnostics.md#el1001", r.Out);
        Assert.Equal(1, CliRunner.InRepo("check", "--explain", "EL0000").ExitCode);

        // A compiler code has no rule to explain it: the docs' section says what it is and how to fix it.
        var unknownKey = CliRunner.InRepo("check", "--explain", "el2001");
        Assert.Contains("A key the site format does not have at that place, usually a typo.", unknownKey.Out);
        Assert.Contains("Fixed: `hardware:`.", unknownKey.Out);
        Assert.DoesNotContain("## EL2002", unknownKey.Out);
    }

    [Fact]
    public void HelpHasExamples()
    {
        foreach (var command in new[] { "check", "show", "lookup", "explain", "schema", "build" })
        {
            var r = CliRunner.InRepo(command, "--help");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("Example", r.Out);
            Assert.Contains("elenta " + command, r.Out);
        }
    }

    [Fact]
    public void RealNixFilesAreEvaluated()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: nixy\n");
        dir.Write("net.nix", "{ networks.dmz = { cidr = \"10.9.0.0/24\"; vlan = 10 + 20; }; }\n");
        dir.Write("bad/broken.nix", "{\n  networks.x = { cidr = 1 +; };\n}\n");
        var r = CliRunner.Run(dir.Path, "check", ".");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("bad/broken.nix:2:", r.Out);
        Assert.Contains("EL0007", r.Out);
        File.Delete(Path.Combine(dir.Path, "bad/broken.nix"));
        var ok = CliRunner.Run(dir.Path, "show", "network", "dmz", "--format", "json");
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Err);
        Assert.Equal(30, JsonNode.Parse(ok.Out)!["vlan"]!.GetValue<int>());
    }

    [Fact]
    public void AMissingHostKeyWarnsButDoesNotFailCheck()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: fresh\ncanonDomain: canon\n");
        dir.Write("site.yaml", """
            networks: { lab: { cidr: 10.0.0.0/24 } }
            cadaster: { compute: { alpha: { interfaces: { eth0: { mac: "02:00:00:00:00:01" } }, canon: { lab: { ip: 10.0.0.2, interface: eth0 } } } } }
            roles: { web: {} }
            constellations: { c: { machines: { alpha: { hostConfig: { www: { role: web } } } } } }
            """);
        var r = CliRunner.Run(dir.Path, "check");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("warning EL8007: host 'alpha' is deployed to", r.Out);
        var strict = CliRunner.Run(dir.Path, "check", "--warnings-as-errors");
        Assert.Equal(1, strict.ExitCode);
        var explain = CliRunner.InRepo("check", "--explain", "EL8007");
        Assert.Contains("default severity: warning", explain.Out);
        Assert.Contains("deploy", explain.Out);
    }
}
