using Elenta.Cli.Tests.Support;
using Elenta.Output;

namespace Elenta.Cli.Tests;

/// <summary>
/// A build whose inputs have not changed is skipped (BuildInputs, docs/build.md): through the real
/// CLI on a copy of the reference site, that it is skipped only then, that whatever the build reads
/// changing makes it run, and that what a skipped or re-run build leaves is byte for byte what a
/// clean build makes.
/// </summary>
public sealed class BuildUpToDateTests : IDisposable
{
    private const string Skipped = "skipped: nothing the last build read has changed";

    private readonly CliRunner.TempDir dir = new();

    public BuildUpToDateTests()
    {
        Copy(Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city"), Site);
        Copy(Path.Combine(CliRunner.RepoRoot, "examples", "narya"), Path.Combine(dir.Path, "narya")); // its overlay
        // A warning, to see it shown again by a skipped build.
        File.WriteAllText(Path.Combine(Site, "warned.yaml"), "networks:\n  guests:\n    cidr: 10.77.0.0/24\n    dns: [\"10.77.0.53\"]\n");
    }

    private string Site => Path.Combine(dir.Path, "emerald-city");

    private string Out => Path.Combine(dir.Path, "out");

    private CliRunner.Result Build(string output = "out", params string[] extra)
    {
        var r = Run(output, extra);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        return r;
    }

    /// <summary>A build with one fixed serial (so that two builds' zones compare), unless <paramref name="extra"/> gives another.</summary>
    private CliRunner.Result Run(string output, string[] extra) =>
        CliRunner.Run(dir.Path, ["build", "emerald-city", "--out", output, .. extra.Contains("--serial") ? extra : ["--serial", "2026010100", .. extra]]);

    /// <summary>Every file of an output directory but the two caches (the index and the trace) and the builds' lock, by content.</summary>
    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not (OutputIndex.FileName or BuildInputs.FileName or OutputLock.FileName))
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText, StringComparer.Ordinal);

    [Fact]
    public void AnUnchangedSiteIsNotBuiltAgainAndItsWarningsAreShownAgain()
    {
        var first = Build();
        Assert.DoesNotContain(Skipped, first.Out);
        Assert.Contains("warning EL5020", first.Err);
        var files = Snapshot(Out);
        var written = File.GetLastWriteTimeUtc(Path.Combine(Out, "manifest.json"));

        var count = files.Count - 2; // the manifest and the output marker are not artifacts
        var second = Build();
        Assert.Contains($"built {count} artifacts into out: 0 written, {count} unchanged, 0 removed; {Skipped}", second.Out);
        Assert.Equal(first.Err, second.Err);
        Assert.Equal(files, Snapshot(Out));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(Out, "manifest.json")));

        var dry = Build("out", "--dry-run");
        Assert.Contains($"would build {count} artifacts into out: 0 to write, {count} unchanged, 0 to remove (nothing written: --dry-run); {Skipped}", dry.Out);

        var json = Build("out", "--format", "json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal(count, doc.RootElement.GetProperty("unchanged").GetArrayLength());
        Assert.Equal(0, doc.RootElement.GetProperty("written").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("skipped").GetBoolean());

        var forced = Build("out", "--rebuild");
        Assert.DoesNotContain(Skipped, forced.Out);
        Assert.Contains($"0 written, {count} unchanged, 0 removed", forced.Out);
    }

    /// <summary>Each change to something a build reads, or to its output, and why the build then says it ran.</summary>
    public static TheoryData<string, string> Changes() => new()
    {
        { "edit a site file", "emerald-city/domains.yaml changed" },
        { "add a site file", "emerald-city/more.yaml appeared" },
        { "remove a site file", "emerald-city/warned.yaml is gone" },
        { "edit a template", "template templates/backup-target.conf.liquid changed" },
        { "another serial", "--serial differs from the last build's" },
        { "only some families", "--only differs from the last build's" },
        { "edit an output file", "output file views/toto.json is not what the last build wrote" },
        { "remove an output file", "output file views/toto.json is not what the last build wrote" },
        { "new DNS secrets", "the DNS secrets changed" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void AnyChangeToWhatTheBuildReadsRunsItAndItsOutputIsThatOfACleanBuild(string change, string why)
    {
        Build();
        Build(); // the trace is there and holds
        string[] extra = [];
        switch (change)
        {
            case "edit a site file":
                File.AppendAllText(Path.Combine(Site, "domains.yaml"), "\n# a comment changes no output, but the file was read\n");
                break;
            case "add a site file":
                File.WriteAllText(Path.Combine(Site, "more.yaml"), "domains: { emerald.city: { records: { extra: { TXT: hello } } } }\n");
                break;
            case "remove a site file":
                File.Delete(Path.Combine(Site, "warned.yaml"));
                break;
            case "edit a template":
                File.AppendAllText(Path.Combine(Site, "templates", "backup-target.conf.liquid"), "# edited\n");
                break;
            case "another serial":
                extra = ["--serial", "2026010101"];
                break;
            case "only some families":
                extra = ["--only", "dns"];
                break;
            case "edit an output file":
                File.WriteAllText(Path.Combine(Out, "views", "toto.json"), "{}\n");
                break;
            case "remove an output file":
                File.Delete(Path.Combine(Out, "views", "toto.json"));
                break;
            case "new DNS secrets":
                Directory.CreateDirectory(Path.Combine(Site, ".secrets", "extra"));
                File.WriteAllText(Path.Combine(Site, ".secrets", "extra", "note"), "x\n");
                break;
        }

        var again = Run("out", extra);
        Assert.True(again.ExitCode == 0, again.Out + again.Err);
        Assert.DoesNotContain(Skipped, again.Out);
        Assert.Contains($" removed; not skipped: {why}\n", again.Out);

        var clean = Run("clean", extra);
        Assert.DoesNotContain("not skipped", clean.Out); // a first build has nothing to explain
        Assert.True(clean.ExitCode == 0, clean.Out + clean.Err);
        var built = Snapshot(Out);
        var expected = Snapshot(Path.Combine(dir.Path, "clean"));
        if (change == "only some families")
        {
            // A partial build keeps the other families' files from the build before: compare its own.
            built = built.Where(f => f.Key.StartsWith("dns", StringComparison.Ordinal)).ToDictionary();
            expected = expected.Where(f => f.Key.StartsWith("dns", StringComparison.Ordinal)).ToDictionary();
        }

        Assert.Equal(expected, built);
        if (change == "edit a template")
        {
            Assert.Contains(built, f => f.Value.EndsWith("# edited\n", StringComparison.Ordinal));
        }

        // And once built, the same inputs are skipped again.
        Assert.Contains(Skipped, Run("out", extra).Out);
    }

    [Fact]
    public void ALargeSiteFileIsTracedLikeAnyOther()
    {
        // Over 4 MiB, the loader reads a file into memory of its own (SiteFileReading.Lend): the
        // trace must still hold its hash, so an unchanged one is skipped and a changed byte is seen.
        var large = Path.Combine(Site, "large.yaml");
        var comment = string.Concat(Enumerable.Repeat("# " + new string('x', 100) + "\n", 50_000));
        File.WriteAllText(large, comment + "domains: { emerald.city: { records: { large: { TXT: hello } } } }\n");
        Assert.True(new FileInfo(large).Length > 4 << 20);
        Build();
        Assert.Contains(Skipped, Build().Out);

        var bytes = File.ReadAllBytes(large);
        bytes[bytes.Length / 2] = (byte)'y'; // inside the comment: the same length, no output changes
        File.WriteAllBytes(large, bytes);
        var again = Build();
        Assert.Contains("; not skipped: emerald-city/large.yaml changed\n", again.Out);
        Assert.Contains(Skipped, Build().Out);
    }

    [Fact]
    public void ABuildIntoADirectoryInsideTheSiteIsSkippedTheNextTime()
    {
        // The first build makes the directory the site's listing did not have: the loader never
        // reads an output directory, so neither does the trace.
        Assert.Equal(0, Build(Path.Combine("emerald-city", "out")).ExitCode);
        Assert.Contains(Skipped, Build(Path.Combine("emerald-city", "out")).Out);

        Directory.CreateDirectory(Path.Combine(Site, "more"));
        var again = Build(Path.Combine("emerald-city", "out"));
        Assert.Contains($"; not skipped: {Path.Combine("emerald-city", "more")} appeared\n", again.Out);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\": 1, \"key\": {}, \"read\": [[1]]}")]
    [InlineData("[]")]
    [InlineData("severity")]
    [InlineData("question")]
    public void ADamagedTraceIsNoTraceAndTheBuildRuns(string damage)
    {
        Build();
        var trace = Path.Combine(Out, BuildInputs.FileName);
        var text = File.ReadAllText(trace);
        File.WriteAllText(trace, damage switch
        {
            "severity" => text.Replace("\"Warning\"", "\"Bogus\"", StringComparison.Ordinal), // read last, after every check passed
            "question" => text.Replace("\"r\\u0000", "\"r", StringComparison.Ordinal),
            _ => damage,
        });
        Assert.NotEqual(text, File.ReadAllText(trace));

        var again = Build();
        Assert.DoesNotContain(Skipped, again.Out);
        Assert.Contains($"; not skipped: the last build's trace ({BuildInputs.FileName}) is damaged\n", again.Out);
        Assert.Contains(Skipped, Build().Out); // and the build wrote a good one
    }

    [Fact]
    public void AnotherDayIsAnotherBuild()
    {
        Build();
        var fs = new Hosting.PhysicalFileSystem(dir.Path);
        BuildRequest Request(DateOnly today) => new(Site, Out)
        {
            Serial = 2026010100,
            Today = today,
            SecretsDirectory = Path.Combine(Site, ".secrets"),
            Inputs = new BuildInputs(fs, null),
        };

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.NotNull(SiteBuilder.UpToDate(Request(today), out var why));
        Assert.Null(why);
        Assert.Null(SiteBuilder.UpToDate(Request(today.AddDays(1)), out why)); // DNSSEC signatures and serials follow the date
        Assert.Equal("the date changed (serials and DNSSEC signatures follow it)", why);
        Assert.Null(SiteBuilder.UpToDate(Request(today) with { Inputs = null }));
    }

    [Fact]
    public void ABuildMadeWithOtherInputsByAnotherCommandLeavesNoTraceToTrust()
    {
        Build();

        // deploy and sim build through SiteBuilder without recording inputs: into the same directory,
        // with the site changed, and the site then put back as it was.
        File.WriteAllText(Path.Combine(Site, "more.yaml"), "domains: { emerald.city: { records: { extra: { TXT: hello } } } }\n");
        var context = new CliContext(TextWriter.Null, TextWriter.Null, dir.Path, color: false);
        var outcome = SiteBuilder.Build(new BuildRequest(Site, Out) { Serial = 2026010100, SecretsDirectory = Path.Combine(Site, ".secrets") },
            resolved => context.Compile(Site, resolved: resolved));
        Assert.True(outcome.Succeeded);
        Assert.False(File.Exists(Path.Combine(Out, BuildInputs.FileName)));
        File.Delete(Path.Combine(Site, "more.yaml"));

        var again = Build();
        Assert.DoesNotContain(Skipped, again.Out);
        Build("clean");
        Assert.Equal(Snapshot(Path.Combine(dir.Path, "clean")), Snapshot(Out));
    }

    [Fact]
    public void ASiteWithANixFileIsAlwaysBuilt()
    {
        var inputs = new BuildInputs(new Hosting.PhysicalFileSystem(dir.Path), new Hosting.NixInstantiate());
        Assert.False(inputs.Opaque);
        _ = inputs.Nix!.Evaluate(Path.Combine(Site, "absent.nix"));
        Assert.True(inputs.Opaque); // whatever nix-instantiate read is not in the trace
    }

    [Fact]
    public void ABuildOfASiteWithANixFileSaysWhyItIsNotSkipped()
    {
        File.WriteAllText(Path.Combine(Site, "guests.nix"), "{ networks.guests2 = { cidr = \"10.78.0.0/24\"; }; }\n");
        Assert.DoesNotContain("not skipped", Build().Out);
        var again = Build();
        Assert.DoesNotContain(Skipped, again.Out);
        Assert.Contains("; not skipped: the last build evaluated emerald-city/guests.nix with nix-instantiate, which may read files a trace cannot see\n", again.Out);
    }

    public void Dispose() => dir.Dispose();

    /// <summary>Copies a site without its secrets: the first build makes them, inside the site (the repository's copy may have some or none).</summary>
    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => !Path.GetRelativePath(from, f).StartsWith(".secrets", StringComparison.Ordinal)))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
