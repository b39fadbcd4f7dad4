
namespace Elenta.Core.Tests.Analysis.Placement;

public class RoleConstraintTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDnamChHvTIaxFLzuvcv0GO0VO3mla4Nezt0EwxLIDl/";

    private static TestSite Replicas(string primaryMode) => TestSite.Minimal()
        .File("requires.yaml", "roles: { database: { requires: [ { role: database, extraOpts: { mode: primary }, when: { mode: secondary } } ] } }")
        .File("more.yaml", $$"""
            constellations:
              replicas:
                machines:
                  beta:
                    hostConfig:
                      db-one: { role: database, extraOpts: { mode: secondary } }
                  alpha:
                    hostConfig:
                      db-two: { role: database, extraOpts: { mode: {{primaryMode}} } }
            """);

    [Fact]
    public void SecondaryWithoutPrimaryInItsConstellationIsReported()
    {
        var diagnostics = Replicas("secondary").Compile().Diagnostics;
        Assert.Equal(2, diagnostics.Count(d => d.Code == "EL6005"));
        var d = diagnostics.First(d => d.Code == "EL6005");
        Assert.Equal("db-one", SpanText.Of(d));
        Assert.Contains("mode: primary", d.Message);
        Assert.Contains("'replicas'", d.Message);
        Assert.Equal("database", SpanText.Related(d).Single());
    }

    [Fact]
    public void APrimaryInTheSameConstellationSatisfiesIt() => Replicas("primary").Compile().Diagnostics.None("EL6005");

    private static TestSite Limited(string secondHost) => TestSite.Minimal()
        .File("more.yaml", $$"""
            roles:
              dhcp: { maxPerConstellation: 1, spread: host }
            constellations:
              net:
                machines:
                  alpha: { vms: { d1: { role: dhcp } } }
                  {{secondHost}}: { vms: { d2: { role: dhcp } } }
            """);

    [Fact]
    public void MorePlacementsThanMaxPerConstellationAreReported()
    {
        var d = Limited("beta").Compile().Diagnostics.Single("EL6006");
        Assert.Equal("d2", SpanText.Of(d));
        Assert.Equal(["1", "d1"], SpanText.Related(d));
    }

    [Fact]
    public void WithinTheLimitNothingIsReported()
    {
        TestSite.Minimal()
            .File("more.yaml", """
                roles: { dhcp: { maxPerConstellation: 1 } }
                constellations:
                  net: { machines: { alpha: { vms: { d1: { role: dhcp } } } } }
                  other: { machines: { beta: { vms: { d2: { role: dhcp } } } } }
                """)
            .Compile().Diagnostics.None("EL6006");
    }

    [Fact]
    public void TwoVmsOfASpreadRoleOnOneHostBreakTheSpread()
    {
        var d = TestSite.Minimal()
            .File("more.yaml", """
                roles: { replica: { spread: host } }
                constellations:
                  ha: { machines: { alpha: { vms: { r1: { role: replica } }, hostConfig: { r2: { role: replica } } } } }
                """)
            .Compile().Diagnostics.Single("EL6007");
        Assert.Equal("r1", SpanText.Of(d));
        Assert.Equal(["r2", "host"], SpanText.Related(d));
    }

    [Fact]
    public void OneInstancePerHostKeepsTheSpread() => Limited("beta").Compile().Diagnostics.None("EL6007");
}
