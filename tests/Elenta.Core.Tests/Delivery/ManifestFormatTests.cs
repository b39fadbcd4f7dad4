using System.Text;
using Elenta.Core.Emit;

namespace Elenta.Core.Tests.Delivery;

public class ManifestFormatTests
{
    private static readonly Artifact Zone = Artifact.Text("dns/zones/lab.zone", "dns",
        new Elenta.Core.Emit.Delivery(["ns2", "ns1", "ns1"], "/etc/nsd/elenta/lab.zone", "0640", ["nsd-control reload lab"]) { Group = "nsd" }, "zone\n");

    private static readonly Artifact State = Artifact.Text("dns/serials.json", "dns", null, "{}\n");

    [Fact]
    public void ReceiversAreSortedOnceAndEveryFieldRoundTrips()
    {
        Assert.Equal(["ns1", "ns2"], Zone.Machines);
        var bytes = Manifest.Write("lab", "abc123", [Zone, State]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"format\": \"elenta-manifest\"", text, StringComparison.Ordinal);
        Assert.Contains("\"version\": 2", text, StringComparison.Ordinal);
        Assert.Contains("\"group\": \"nsd\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"owner\"", text, StringComparison.Ordinal); // root, the default, goes unsaid
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "\"after\""));
        var read = Manifest.Read(bytes)!;
        Assert.Equal("abc123", read.GitRevision);
        Assert.Equal(Zone.Delivery, read.Entries[0].Delivery);
        Assert.Equal("nsd", read.Entries[0].Delivery!.Group);
        Assert.Equal("root", read.Entries[0].Delivery!.Owner);
        Assert.Null(read.Entries[1].Delivery);
        Assert.Equal(["dns/zones/lab.zone"], read.For("ns2").Select(e => e.Path));
        Assert.Empty(read.For("lab"));
    }

    [Theory]
    [InlineData("{ \"artifacts\": [ { \"path\": ")]
    [InlineData("[]")]
    [InlineData("{ \"format\": \"elenta-manifest\", \"version\": 1, \"site\": \"x\", \"artifacts\": [] }")]
    [InlineData("{ \"format\": \"something-else\", \"version\": 2, \"site\": \"x\", \"artifacts\": [] }")]
    [InlineData("{ \"format\": \"elenta-manifest\", \"version\": 2, \"site\": \"x\", \"artifacts\": [ { \"path\": 3, \"family\": \"a\", \"sha256\": \"b\" } ] }")]
    public void DamagedOrForeignManifestsReadAsNone(string text) => Assert.Null(Manifest.Read(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    public void PathsOutsideTheOutputAreDropped(string path)
    {
        var text = $$"""{ "format": "elenta-manifest", "version": 2, "site": "x", "artifacts": [ { "path": "{{path}}", "family": "a", "sha256": "b", "bytes": 1, "deliver": null }, { "path": "ok", "family": "a", "sha256": "b", "bytes": 1, "deliver": null } ] }""";
        Assert.Equal(["ok"], Manifest.Read(Encoding.UTF8.GetBytes(text))!.Entries.Select(e => e.Path));
    }
}
