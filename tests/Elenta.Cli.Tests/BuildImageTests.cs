using System.Diagnostics;
using System.Text.Json;
using Elenta.Cli.Tests.Support;
using Elenta.Core.Model.Values;

namespace Elenta.Cli.Tests;

/// <summary>
/// elenta build-image for real: a copy of emerald-city with the test flake (Nixos/test-flake.nix,
/// no nixpkgs), and its netboot store as a deploy leaves it (the build's netboot/ files). Each elenta
/// runs in a mount namespace of its own with an empty tmpfs over /nix, so its nix builds touch
/// nothing of this machine's store.
/// </summary>
public sealed class BuildImageTests : IDisposable
{
    private const string RandyMac = "02:e1:00:00:00:70";
    private const string RandyFolder = "02-e1-00-00-00-70";
    private const string BaseUrl = "http://toto.canon:8080/netboot";

    private readonly string root = Directory.CreateTempSubdirectory("elenta-build-image-").FullName;

    public BuildImageTests()
    {
        Copy(Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city"), Site);
        Copy(Path.Combine(CliRunner.RepoRoot, "examples", "narya"), Path.Combine(root, "narya"));
        File.Copy(Path.Combine(CliRunner.RepoRoot, "tests", "Elenta.Cli.Tests", "Nixos", "test-flake.nix"), Path.Combine(Site, "flake.nix"));
        var build = CliRunner.InRepo("build", Site, "--out", Path.Combine(root, "build"));
        Assert.True(build.ExitCode == 0, build.Err + build.Out);
        // The store as deploying the build to its server leaves it: the scripts and the index.
        Copy(Path.Combine(root, "build", "netboot"), Store);
        Directory.Delete(Path.Combine(Store, "_server"), recursive: true);
    }

    private string Site => Path.Combine(root, "emerald-city");

    private string Store => Path.Combine(root, "store");

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private (int Code, string Output, string Error) Elenta(params string[] args) => WithPrivateNix(root, args);

    /// <summary>elenta (the one these tests were built with) in a private mount namespace with an empty /nix: single-user Nix as root, nothing substituted.</summary>
    internal static (int Code, string Output, string Error) WithPrivateNix(string root, params string[] args)
    {
        var info = new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "--", "sh", "-c", "mount -t tmpfs elenta-test-nix /nix && exec \"$@\"", "sh",
            "dotnet", Path.Combine(AppContext.BaseDirectory, "elenta.dll"), .. args])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        info.Environment["NIX_CONFIG"] = "build-users-group =\nsubstituters =\nsandbox = false\n";
        info.Environment["HOME"] = root;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(5)), "elenta build-image did not end");
        return (p.ExitCode, output.Result, error.Result);
    }

    private static string? Link(string path) => new FileInfo(path).LinkTarget;

    private JsonElement IndexEntry(string folder) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Store, "index.json"))).RootElement.GetProperty("macs").EnumerateArray()
            .First(m => m.GetProperty("folder").GetString() == folder).Clone();

    private void Tag(string tag) =>
        File.WriteAllText(Path.Combine(Site, "image-test.yaml"), $"cadaster:\n  compute:\n    randy: {{ tags: [{tag}] }}\n");

    [Fact]
    public void ImagesLandInTheStoreByMacThePreviousOneIsKeptAndTheIndexSaysWhich()
    {
        var first = Elenta("build-image", Site, "--config", ".#randy", "--mac", RandyMac, "--store", Store);
        Assert.True(first.Code == 0, first.Output + first.Error);
        var folder = Path.Combine(Store, RandyFolder);
        var id1 = Path.GetFileName(Link(Path.Combine(folder, "current")))!;
        Assert.Matches("^[0-9a-f]{16}$", id1);
        Assert.Equal($"images/{id1}", Link(Path.Combine(folder, "current")));
        foreach (var name in new[] { "bzImage", "initrd", "netboot.ipxe" })
        {
            Assert.True(File.Exists(Path.Combine(folder, "images", id1, name)), name);
            Assert.Equal($"current/{name}", Link(Path.Combine(folder, name)));
        }

        Assert.Equal("elenta test kernel\n", File.ReadAllText(Path.Combine(folder, "bzImage")));
        Assert.Contains("\"name\": \"randy\"", File.ReadAllText(Path.Combine(folder, "initrd")));
        Assert.StartsWith("#!ipxe\nkernel bzImage init=/nix/store/", File.ReadAllText(Path.Combine(folder, "netboot.ipxe")));
        Assert.Null(Link(Path.Combine(folder, "previous")));
        var boot = File.ReadAllText(Path.Combine(folder, "boot.ipxe"));
        Assert.Contains($"set elenta-image {BaseUrl}/{RandyFolder}/images/{id1}\n", boot);
        Assert.Contains("chain ${elenta-image}/netboot.ipxe", boot);
        var entry = IndexEntry(RandyFolder).GetProperty("image");
        Assert.Equal(id1, entry.GetProperty("id").GetString());
        Assert.Equal($"{BaseUrl}/{RandyFolder}/images/{id1}", entry.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("previous").ValueKind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Store, "*.new-*", SearchOption.AllDirectories));

        // The site changes randy's view: a new image by its canon name (the cadaster's MAC, no DNS); the first is kept as the previous.
        Tag("image-one");
        var second = Elenta("build-image", Site, "--config", ".#randy", "--canon", "randy", "--no-dns", "--store", Store);
        Assert.True(second.Code == 0, second.Output + second.Error);
        var id2 = Path.GetFileName(Link(Path.Combine(folder, "current")))!;
        Assert.NotEqual(id1, id2);
        Assert.Equal($"images/{id1}", Link(Path.Combine(folder, "previous")));
        Assert.True(File.Exists(Path.Combine(folder, "images", id1, "initrd")));
        Assert.Contains("image-one", File.ReadAllText(Path.Combine(folder, "initrd")));
        Assert.Contains($"set elenta-image {BaseUrl}/{RandyFolder}/images/{id2}\n", File.ReadAllText(Path.Combine(folder, "boot.ipxe")));
        Assert.Equal(id1, IndexEntry(RandyFolder).GetProperty("image").GetProperty("previous").GetString());
        Assert.Contains($"previous image: {folder}/images/{id1} (kept for rollback)", second.Output);

        // A third: the first goes, the second is the previous.
        Tag("image-two");
        var third = Elenta("build-image", Site, "--config", ".#randy", "--mac", RandyMac, "--store", Store);
        Assert.True(third.Code == 0, third.Output + third.Error);
        var id3 = Path.GetFileName(Link(Path.Combine(folder, "current")))!;
        Assert.Equal(new[] { id2, id3 }.Order(StringComparer.Ordinal), Directory.EnumerateDirectories(Path.Combine(folder, "images")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal));
        Assert.Equal($"images/{id2}", Link(Path.Combine(folder, "previous")));
        Assert.Contains($"removed older image {id1}", third.Output);

        // The same site again: the same image, nothing moves.
        var again = Elenta("build-image", Site, "--config", ".#randy", "--mac", RandyMac, "--store", Store);
        Assert.True(again.Code == 0, again.Output + again.Error);
        Assert.Equal($"images/{id3}", Link(Path.Combine(folder, "current")));
        Assert.Equal($"images/{id2}", Link(Path.Combine(folder, "previous")));
    }

    [Fact]
    public void OutWritesTheThreeFiles()
    {
        var target = Path.Combine(root, "randy-image");
        var result = Elenta("build-image", Site, "--config", ".#randy", "--out", target);
        Assert.True(result.Code == 0, result.Output + result.Error);
        Assert.Equal(["bzImage", "initrd", "netboot.ipxe"], Directory.EnumerateFiles(target).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
        Assert.StartsWith("#!ipxe\n", File.ReadAllText(Path.Combine(target, "netboot.ipxe")));
        Assert.Contains($"written to {target}", result.Output);
    }

    [Theory]
    [InlineData("ff:ff:ff:ff:ff:ff", "it is the broadcast address")]
    [InlineData("01:00:5e:00:00:01", "it is a multicast address")]
    [InlineData("33-33-00-00-00-01", "it is a multicast address")]
    [InlineData("00:00:00:00:00:00", "it is all zeros")]
    [InlineData("0000.0000.0000", "it is all zeros")]
    public void AMacNoNicHasIsRefusedAsTheCadasterRefusesIt(string mac, string why)
    {
        var r = Elenta("build-image", Site, "--mac", mac, "--store", Store);
        Assert.Equal(1, r.Code);
        Assert.StartsWith($"elenta: --mac '{mac}' is not a NIC's MAC address: {why}", r.Error, StringComparison.Ordinal);
        Assert.Contains(MacAddress.NicHelp, r.Error);
        Assert.False(Directory.Exists(Path.Combine(Site, ".elenta")), "the site was built for a MAC refused on sight");

        // The cadaster says the same of it.
        File.WriteAllText(Path.Combine(Site, "bad-mac.yaml"), $"cadaster: {{ compute: {{ badmac: {{ interfaces: {{ eth0: {{ mac: \"{mac}\" }} }} }} }} }}\n");
        var check = CliRunner.Run(root, "check", Site);
        Assert.Contains($"a NIC's MAC address: {why}", check.Out + check.Err);
    }

    [Fact]
    public void WhatCannotBeDoneIsRefusedWithTheReason()
    {
        var unknown = Elenta("build-image", Site, "--config", ".#randy", "--mac", "02:00:00:00:99:99", "--store", Store);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no machine of the site has the MAC 02:00:00:00:99:99; the netbooted MACs are", unknown.Error);

        var notNetbooted = Elenta("build-image", Site, "--mac", "02:e1:00:00:00:10", "--store", Store);
        Assert.Equal(1, notNetbooted.Code);
        Assert.Contains("02:e1:00:00:00:10 is toto's, which does not netboot from it (boot.mode: disk)", notNetbooted.Error);

        var empty = Directory.CreateDirectory(Path.Combine(root, "not-a-store")).FullName;
        var notStore = Elenta("build-image", Site, "--config", ".#randy", "--mac", RandyMac, "--store", empty);
        Assert.Equal(1, notStore.Code);
        Assert.Contains($"{empty} is not the site's netboot store: it has no index.json", notStore.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(empty));

        var noConfig = Elenta("build-image", Site, "--config", ".#nowhere", "--mac", RandyMac, "--store", Store);
        Assert.Equal(1, noConfig.Code);
        Assert.Contains("nix build of .#nowhere's netboot image", noConfig.Error);
        Assert.Contains("nowhere", noConfig.Error);

        var both = Elenta("build-image", Site, "--out", Path.Combine(root, "x"), "--mac", RandyMac);
        Assert.Equal(1, both.Code);
        Assert.Contains("exactly one of --out PATH, --mac MAC and --canon NAME", both.Error);

        // btg netboots over BIOS: an image whose initrd passes 2 GiB (a sparse file) cannot boot there.
        File.WriteAllText(Path.Combine(Site, "big-initrd"), "the test flake makes every initrd 2100 MiB\n");
        var tooLarge = Elenta("build-image", Site, "--config", ".#btg", "--canon", "btg.canon", "--no-dns", "--store", Store);
        Assert.Equal(1, tooLarge.Code);
        Assert.Contains("refused: the image of .#btg is", tooLarge.Error);
        Assert.Contains("btg netboots over BIOS, which loads less than 2047MiB", tooLarge.Error);
        Assert.False(Directory.Exists(Path.Combine(Store, "02-e1-00-00-00-61", "images")));
    }
}
