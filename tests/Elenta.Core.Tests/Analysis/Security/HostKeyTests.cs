
namespace Elenta.Core.Tests.Analysis.Security;

public class HostKeyTests
{
    private static TestSite WithGamma(string gamma) => TestSite.Minimal()
        .File("gamma.yaml", $$"""
            cadaster:
              compute:
                gamma: {{gamma}}
            constellations: { c: { machines: { gamma: { hostConfig: { g: { role: web } } } } } }
            """);

    [Fact]
    public void ADeployedHostWithoutAHostKeyIsAWarning()
    {
        var d = WithGamma("{ driver: files, ssh: { user: admin } }").Compile().Diagnostics.Single("EL8007");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("ssh", SpanText.Of(d));
        Assert.Contains("driver files", d.Message);
        Assert.Equal(["files"], SpanText.Related(d));
    }

    [Fact]
    public void TheDefaultDriverNeedsAKeyToo() => Assert.Equal("gamma", SpanText.Of(WithGamma("{ kind: server }").Compile().Diagnostics.Single("EL8007")));

    [Fact]
    public void AHostNothingIsPlacedOnNeedsNoKey() =>
        TestSite.Minimal().File("gamma.yaml", "cadaster: { compute: { gamma: { kind: server } } }\n").Compile().Diagnostics.Clean();

    [Fact]
    public void AHostElentaDoesNotDeployToNeedsNoKey() => WithGamma("{ driver: none }").Compile().Diagnostics.Clean();

    private static TestSite WithGuest(string ssh) => TestSite.Minimal()
        .File("guest.yaml", $$"""
            constellations: { c: { machines: { beta: { containers: { box: { role: web, address: { network: lab, ip: 10.0.0.40 } {{ssh}} } } } } } }
            """);

    [Fact]
    public void AGuestWithItsOwnAddressAndNoKeyIsAWarning()
    {
        var d = WithGuest(string.Empty).Compile().Diagnostics.Single("EL8008");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("box", SpanText.Of(d));
        Assert.Equal(["10.0.0.40"], SpanText.Related(d));
    }

    [Fact]
    public void AGuestWithAKeyIsClean() =>
        WithGuest(""", ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDaWOHze933WJE/mKhjgCbAQ+z6MVh2cv03OUGr44KGz" }""").Compile().Diagnostics.Clean();

    [Theory]
    [InlineData("EL8008")]
    [InlineData("el8008")] // codes are matched as check writes them
    public void TheSeverityCanBeTurnedOffPerSite(string code) =>
        WithGuest(string.Empty).File("elenta.yaml", $"site: mini\nanalysis: {{ rules: {{ {code}: off }} }}\n").Compile().Diagnostics.Clean();

    [Theory]
    [InlineData("EL2001", "EL2001 is always an error")]
    [InlineData("EL9090", "EL9090 is retired: EL6010 took its place; write EL6010")]
    [InlineData("EL9020", "EL9020 is retired: EL2004 took its place, and is always an error")]
    public void OnlyAnAnalysisRulesSeverityCanChange(string code, string help)
    {
        var d = WithGuest(", ssh: { hostKey: \"" + BetaKey + "\" }").File("elenta.yaml", $"site: mini\nanalysis: {{ rules: {{ {code}: off }} }}\n").Compile().Diagnostics.Single("EL2004");
        Assert.Equal($"'analysis.rules.{code}': '{code}' is not the code of an analysis rule", d.Message);
        Assert.StartsWith(help, d.Help, StringComparison.Ordinal);
    }

    private const string BetaKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ";

    [Theory]
    [InlineData("ssh-ed25519 not-base64!", "base64")]
    [InlineData("ssh-ed25519", "key type and a base64 key")]
    [InlineData("ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ", "not an SSH key type")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOltPWCfil7pRdfRzd0Nobfq3OKG+Y3clIpCoz+dq/tQ", "not a ssh-rsa key")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1", "not a ssh-ed25519 key")]
    public void CheckReportsAnInvalidHostKeyWhenBindingAtTheValue(string key, string why)
    {
        var yaml = $$"""
            cadaster:
              compute:
                gamma:
                  hardware: { cpus: 1, memory: 1GiB, disk: 10GB }
                  interfaces: { eth0: { mac: "02:00:00:00:00:03" } }
                  canon: { lab: { ip: 10.0.0.4, interface: eth0 } }
                  ssh: { hostKey: "{{key}}" }
            """;
        var d = TestSite.Minimal().File("bad.yaml", yaml).Compile().Diagnostics.Single("EL2004");
        Assert.True(d.IsError);
        Assert.Contains("OpenSSH public key", d.Message, StringComparison.Ordinal);
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
        Assert.EndsWith("bad.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(7, d.Location!.Value.Start.Line);
        Assert.Equal($"\"{key}\"", SpanText.Of(d));
    }

    [Fact]
    public void CheckReportsAnInvalidRetiredKeyAtIt()
    {
        var d = TestSite.Minimal().File("retired.yaml", """
            cadaster:
              compute:
                alpha:
                  ssh:
                    retiredKeys:
                      - "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDaWOHze933WJE/mKhjgCbAQ+z6MVh2cv03OUGr44KGz"
                      - "ssh-ed25519 broken"
            """).Compile().Diagnostics.Single("EL2004");
        Assert.EndsWith("retired.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(7, d.Location!.Value.Start.Line);
    }

    [Fact]
    public void CheckErrsOnAKeyBothLiveAndRetiredAtTheLiveKey()
    {
        var d = TestSite.Minimal().File("retired.yaml", $$"""
            cadaster:
              compute:
                alpha: { ssh: { retiredKeys: [ "{{BetaKey}}" ] } }
            """).Compile().Diagnostics.Single("EL8012");
        Assert.True(d.IsError);
        Assert.Contains("'beta'", d.Message, StringComparison.Ordinal);
        Assert.EndsWith("hosts.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(12, d.Location!.Value.Start.Line);
        Assert.Equal("retired.yaml", Path.GetFileName(Assert.Single(d.Related).Location.File.Path));
    }

    [Fact]
    public void CheckWarnsAboutTwoMachinesWithOneKeyAtTheSecond()
    {
        var d = TestSite.Minimal().File("clone.yaml", $$"""
            constellations:
              app:
                machines:
                  alpha:
                    vms:
                      db: { ssh: { hostKey: !force "{{BetaKey}}" } }
            """).Compile().Diagnostics.Single("EL8011");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Contains("'db'", d.Message, StringComparison.Ordinal);
        Assert.Contains("'beta'", d.Message, StringComparison.Ordinal);
        Assert.EndsWith("clone.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(6, d.Location!.Value.Start.Line);
        Assert.Equal("hosts.yaml", Path.GetFileName(Assert.Single(d.Related).Location.File.Path));
    }

    [Fact]
    public void TheMinimalSiteHasNoSharedOrRetiredKeys() =>
        TestSite.Minimal().Compile().Diagnostics.Where(d => d.Code is "EL8011" or "EL8012").ToList().Clean();
}
