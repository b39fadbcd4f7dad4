using Elenta.Core.Model;

namespace Elenta.Core.Tests.Semantics;

public class ResolveTests
{
    [Fact]
    public void ViewsCarryRolesOptionsAndAddresses()
    {
        var r = TestSite.Minimal()
            .File("z.yaml", "constellations: { app: { machines: { beta: { vms: { db2: { role: database, extraOpts: { mode: secondary }, address: { network: lab, ip: 10.0.0.21 } } } } } } }\n")
            .Compile().Resolved!;
        var alpha = r.Machines["alpha"]!;
        Assert.Equal(["www"], alpha.Roles.Select(x => x.Instance));
        Assert.Equal(["db"], alpha.Guests);
        Assert.Equal("alpha.lab.canon".Replace("alpha.lab", "lab.alpha"), alpha.Addresses.Single().Fqdn);
        var db = r.Machines["db"]!;
        Assert.Equal(InstanceKind.Vm, db.Kind);
        Assert.Equal("alpha", db.Host);
        Assert.Equal("primary", db.Roles.Single().Options["mode"]);
        Assert.Equal(2, db.Cpus);
        Assert.Equal("secondary", r.Machines["db2"]!.Roles.Single().Options["mode"]);
        var app = r.Constellations.Single();
        Assert.Equal(["www", "db", "db2"], app.Instances.Select(i => i.Name));
        Assert.Equal("db.example.test", app.Instances[1].Fqdn);
    }

    [Fact]
    public void DefaultsFillUnsetOptions()
    {
        var r = TestSite.Minimal()
            .File("z.yaml", "constellations: { app: { machines: { beta: { vms: { db3: { role: database } } } } } }\n")
            .Compile().Resolved!;
        Assert.Equal("primary", r.Machines["db3"]!.Roles.Single().Options["mode"]);
    }

    [Fact]
    public void SameRoleTwiceOnOneMachineWithDifferentOptionsContradicts()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", """
                constellations:
                  app:
                    machines:
                      beta:
                        hostConfig:
                          pg1: { role: database, extraOpts: { mode: primary } }
                          pg2: { role: database, extraOpts: { mode: secondary } }
                """)
            .Compile();
        var d = c.Diagnostics.Single("EL3001");
        Assert.Contains("options.mode", d.Message);
        Assert.Contains("pg1", d.Message);
        Assert.Contains("pg2", d.Message);
        Assert.Single(d.Related);
    }

    [Fact]
    public void RoleSettingsThatDisagreeOnOneMachineContradict()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", """
                roles:
                  a: { config: { settings: { timezone: UTC, ports: [1] } } }
                  b: { config: { settings: { timezone: Europe/Paris, ports: [2] } } }
                constellations:
                  app:
                    machines:
                      beta:
                        hostConfig: { ia: { role: a }, ib: { role: b } }
                """)
            .Compile();
        var d = c.Diagnostics.Single("EL3001");
        Assert.Contains("config.settings.timezone", d.Message);
        Assert.Contains("'UTC'", d.Message);
        Assert.Contains("'Europe/Paris'", d.Message);
    }

    [Fact]
    public void InstanceNamesAreUniquePerConstellation()
    {
        var c = TestSite.Minimal()
            .File("z.yaml", "constellations: { app: { machines: { beta: { hostConfig: { www: { role: web } } } } } }\n")
            .Compile();
        var d = c.Diagnostics.Single("EL3002");
        Assert.EndsWith("z.yaml", d.Location!.Value.File.Path);
        Assert.EndsWith("constellations.yaml", d.Related.Single().Location.File.Path);
    }
}
