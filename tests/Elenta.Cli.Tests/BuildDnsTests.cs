using Elenta.Cli.Tests.Support;
using Elenta.Core.Emit.Dns;
using Elenta.Core.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary><c>elenta build --only dns</c> through the real CLI: stable serials across builds, --serial, --soa-server.</summary>
public sealed class BuildDnsTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("elenta-build-dns-");

    public BuildDnsTests()
    {
        var examples = Path.Combine(CliRunner.RepoRoot, "examples");
        Copy(Path.Combine(examples, "emerald-city"), Path.Combine(work.FullName, "emerald-city"));
        Copy(Path.Combine(examples, "narya"), Path.Combine(work.FullName, "narya"));
    }

    private string Site => Path.Combine(work.FullName, "emerald-city");

    private string Out => Path.Combine(work.FullName, "out");

    private string Zone(string origin) => File.ReadAllText(Path.Combine(Out, "dns", "zones", origin + ".zone"));

    private uint Serial(string origin) => ZoneWriter.ReadSerial(Zone(origin)) ?? throw new InvalidOperationException("no serial in " + origin);

    private string Build(params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["build", Site, "--out", Out, "--only", "dns", .. extra], stdout, stderr, work.FullName);
        Assert.True(code == 0, $"build failed ({code}):\n{stdout}\n{stderr}");
        return stdout.ToString();
    }

    [Fact]
    public void RebuildKeepsSerialsAndWritesNothing()
    {
        Assert.Contains(" 9 written, 0 unchanged", Build()); // 4 zones, 2 nsd.conf, 2 unbound.conf, and dns/serials.json
        var serial = Serial("canon");
        Assert.Equal(SerialPolicy.FirstOfDay(DateOnly.FromDateTime(DateTime.UtcNow)), serial);
        var canonFile = Path.Combine(Out, "dns", "zones", "canon.zone");
        var written = File.GetLastWriteTimeUtc(canonFile);

        Assert.Contains(" 0 written, 9 unchanged, 0 removed", Build());
        Assert.Equal(serial, Serial("canon"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(canonFile));
    }

    [Fact]
    public void ChangingOneRecordMovesOnlyThatZonesSerial()
    {
        Build();
        var before = Directory.EnumerateFiles(Path.Combine(Out, "dns"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
        var serial = Serial("emerald.city");

        var domains = Path.Combine(Site, "domains.yaml");
        File.WriteAllText(domains, File.ReadAllText(domains).Replace("ns1: { A: 10.255.0.10 }", "ns1: { A: 10.255.0.54 }", StringComparison.Ordinal));
        Assert.Contains(" 2 written, 7 unchanged", Build()); // the zone, and the serial record

        Assert.True(Serial("emerald.city") > serial);
        if (Serial("emerald.city") / 100 == serial / 100)
        {
            Assert.Equal(serial + 1, Serial("emerald.city"));
        }

        Assert.Contains("10.255.0.54", Zone("emerald.city"));
        foreach (var (path, text) in before.Where(b => !b.Key.EndsWith("emerald.city.zone", StringComparison.Ordinal) && !b.Key.EndsWith("serials.json", StringComparison.Ordinal)))
        {
            Assert.Equal(text, File.ReadAllText(path));
        }
    }

    [Fact]
    public void SerialOptionGivesThatSerialEverywhere()
    {
        Build("--serial", "2024010203");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Out, "dns", "zones"), "*.zone"))
        {
            Assert.Equal(2024010203u, ZoneWriter.ReadSerial(File.ReadAllText(file)));
        }
    }

    [Fact]
    public void WithoutPreviousBuildTheRunningServersSerialIsExceeded()
    {
        const uint Live = 2099010105;
        var old = $"""
            $ORIGIN emerald.city.
            $TTL 3600
            @ IN SOA toto.canon. hostmaster.emerald.city. {Live} 3600 900 1209600 300
            @ IN NS toto.canon.

            """;
        using (var nsd = NsdServer.Start(new Dictionary<string, string> { ["emerald.city"] = old }, "emerald.city"))
        {
            Build("--soa-server", $"127.0.0.1:{nsd.Port}");
        }

        Assert.Equal(Live + 1, Serial("emerald.city"));
        Assert.Equal(SerialPolicy.FirstOfDay(DateOnly.FromDateTime(DateTime.UtcNow)), Serial("canon"));
    }

    // IPEndPoint's reading asked 127.0.0.1 for 127.1 and 0.0.0.1 for 1: a typo asked a server nobody meant.
    [Theory]
    [InlineData("127.1:5353")]
    [InlineData("1")]
    [InlineData("010.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("::1]:53")]
    public void ASoaServerThatIsNotAnAddressAsASiteWritesOneIsRefused(string given)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["build", Site, "--out", Out, "--only", "dns", "--soa-server", given], stdout, stderr, work.FullName);
        Assert.Equal(1, code);
        Assert.Equal($"elenta: --soa-server '{given}' is not ADDRESS[:PORT], such as 127.0.0.1:5353\n", stderr.ToString());
        Assert.False(Directory.Exists(Out));
    }

    public void Dispose() => work.Delete(recursive: true);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
