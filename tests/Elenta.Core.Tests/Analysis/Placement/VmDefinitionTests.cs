namespace Elenta.Core.Tests.Analysis.Placement;

/// <summary>EL6008 and EL4013: what a VM's libvirt domain cannot do without, reported by check at the VM.</summary>
public class VmDefinitionTests
{
    private static IReadOnlyList<Elenta.Core.Diagnostics.Diagnostic> Check(string vm) => TestSite.Minimal()
        .File("vm.yaml", "roles:\n  bare: {}\nconstellations:\n  other:\n    machines:\n      beta:\n        vms:\n          " + vm + "\n")
        .Compile().Diagnostics;

    [Fact]
    public void AVmWithoutResourcesIsAnErrorAtTheVm()
    {
        var d = Check("naked: { role: bare, address: { network: lab, ip: 10.0.0.30 }, mac: \"02:00:00:00:01:02\" }").Single("EL6008");
        Assert.True(d.IsError);
        Assert.EndsWith("vm.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(8, d.Location!.Value.Start.Line);
        Assert.Equal("naked", SpanText.Of(d));
        Assert.Contains("has no cpus, memory, disk", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResourcesFromTheRoleAreEnough() =>
        Check("web1: { role: web, address: { network: lab, ip: 10.0.0.30 }, mac: \"02:00:00:00:01:02\" }").None("EL6008");

    [Fact]
    public void AVmWithAnAddressButNoMacIsAnErrorAtTheVm()
    {
        var d = Check("nomac: { role: web, address: { network: lab, ip: 10.0.0.31 } }").Single("EL4013");
        Assert.True(d.IsError);
        Assert.EndsWith("vm.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(8, d.Location!.Value.Start.Line);
        Assert.Equal("nomac", SpanText.Of(d));
        Assert.Equal(["address"], SpanText.Related(d));
    }
}
