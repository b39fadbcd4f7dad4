using Elenta.Core.Semantics;

namespace Elenta.Core.Tests.Semantics;

/// <summary>The naming policy, as SiteNames states it: which names a machine has and which address each name has.</summary>
public class SiteNamesTests
{
    private static readonly Lazy<Compilation> Compiled = new(() => NamingSites.EveryKindOfName().Compile());

    private static SiteNames Names
    {
        get
        {
            Assert.False(Compiled.Value.HasErrors, DiagnosticAssertions.Describe(Compiled.Value.Diagnostics));
            return Compiled.Value.Resolved!.Names;
        }
    }

    [Fact]
    public void AHostIsNamedAtItsPrimaryAddressEvenWhenItIsNotTheFirst()
    {
        var names = Names.Of("alpha").Select(n => $"{n.Relative} {n.Ip} {n.Kind}{(n.Pointer ? " ptr" : string.Empty)}").ToList();
        Assert.Equal(["alpha 192.168.7.2 Host ptr", "lab.alpha 10.0.0.2 CanonAddress ptr", "home.alpha 192.168.7.2 CanonAddress", "ipmi.alpha 10.0.0.40 Bmc ptr"], names);
        Assert.Equal("alpha.canon", Names.BareName("alpha")!.Fqdn);
        Assert.Equal("192.168.7.2", Names.AddressOf("alpha").ToString());
    }

    [Fact]
    public void GuestsWithAnAddressAndSwitchesWithAManagementAddressHaveOneName()
    {
        Assert.Equal(CanonNameKind.Vm, Names.BareName("db")!.Kind);
        Assert.Equal("10.0.0.20", Names.AddressOf("db").ToString());
        Assert.Equal(CanonNameKind.Switch, Names.BareName("sw-a")!.Kind);
        Assert.Equal("sw-a.canon", Names.BareName("sw-a")!.Fqdn);
        Assert.Null(Names.BareName("memo")); // a container without an address has no name in the canon zone
        Assert.Equal("memo.canon", Names.CanonFqdn("memo")); // ...but its canon name is still spelled one way
    }

    [Theory]
    [InlineData("alpha", "192.168.7.2")]
    [InlineData("alpha.canon", "192.168.7.2")]
    [InlineData("ALPHA.Canon.", "192.168.7.2")]
    [InlineData("lab.alpha.canon", "10.0.0.2")]
    [InlineData("home.alpha.canon", "192.168.7.2")]
    [InlineData("ipmi.alpha", "10.0.0.40")]
    [InlineData("db.canon", "10.0.0.20")]
    [InlineData("sw-a.canon", "10.0.0.250")]
    public void ANameHasTheAddressTheZoneGivesIt(string name, string address) =>
        Assert.Equal([address], Names.AddressesOf(name).Select(a => a.ToString()));

    [Theory]
    [InlineData("memo.canon")]
    [InlineData("gamma")]
    [InlineData("alpha.example.test")]
    public void UnpublishedNamesHaveNoAddress(string name) => Assert.Empty(Names.AddressesOf(name));

    [Fact]
    public void DomainNamesAreTheInstancesAndProxiedSubdomainsOfMachinesWithACanonName()
    {
        var names = Names.InDomains.Select(n => $"{n.Fqdn} -> {n.Target}").ToList();
        Assert.Equal(["www.example.test -> alpha.canon", "shop.example.test -> alpha.canon", "db.example.test -> db.canon"], names);
    }

    [Fact]
    public void TheServiceIsBuiltOncePerSite()
    {
        var resolved = Compiled.Value.Resolved!;
        Assert.Same(resolved.Names, resolved.Names);
        Assert.Same(resolved.Names, SiteNames.Of(resolved.Site));
    }
}
