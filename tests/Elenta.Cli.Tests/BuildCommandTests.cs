using System.Text.Json;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>
/// <c>elenta build</c>'s handling of the output directory, through the real CLI on a copy of the
/// reference site: what it writes, keeps, removes, and never touches.
/// </summary>
public sealed class BuildCommandTests : IDisposable
{
    private readonly CliRunner.TempDir dir = new();

    public BuildCommandTests()
    {
        var examples = Path.Combine(CliRunner.RepoRoot, "examples");
        Copy(Path.Combine(examples, "emerald-city"), Path.Combine(dir.Path, "emerald-city"));
        Copy(Path.Combine(examples, "narya"), Path.Combine(dir.Path, "narya"));
    }

    private string Out => Path.Combine(dir.Path, "out");

    private CliRunner.Result Build(params string[] extra) =>
        CliRunner.Run(dir.Path, ["build", "emerald-city", "--out", "out", "--serial", "2026010100", .. extra]);

    private static Dictionary<string, string> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText, StringComparer.Ordinal);

    private Dictionary<string, string> ManifestHashes()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Out, "manifest.json")));
        return doc.RootElement.GetProperty("artifacts").EnumerateArray()
            .ToDictionary(a => a.GetProperty("path").GetString()!, a => a.GetProperty("sha256").GetString()!, StringComparer.Ordinal);
    }

    private List<string> Artifacts()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Out, "manifest.json")));
        return [.. doc.RootElement.GetProperty("artifacts").EnumerateArray().Select(a => a.GetRawText())];
    }

    [Fact]
    public void ADryRunSaysWhatWouldChangeAndWritesNothing()
    {
        var first = Build("--dry-run");
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        Assert.False(Directory.Exists(Out));
        Assert.Contains("would build 70 artifacts into out: 70 to write, 0 unchanged, 0 to remove (nothing written: --dry-run)", first.Out);
        Assert.Contains("  write    dns/zones/canon.zone\n", first.Out);

        Assert.Equal(0, Build().ExitCode);
        var files = Snapshot(Out);
        File.WriteAllText(Path.Combine(dir.Path, "emerald-city", "more.yaml"), "domains: { emerald.city: { records: { extra: { TXT: hello } } } }\n");
        var again = Build("--dry-run", "--format", "json");
        Assert.True(again.ExitCode == 0, again.Out + again.Err);
        using var json = JsonDocument.Parse(again.Out);
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        var written = json.RootElement.GetProperty("written").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["dns/zones/emerald.city.zone"], written); // --serial keeps dns/serials.json as it was
        Assert.Equal(files, Snapshot(Out)); // nothing touched
    }

    [Theory]
    [InlineData("emerald-city")]
    [InlineData("emerald-city/")]
    [InlineData(".")]
    public void AnOutputDirectoryThatHoldsTheSiteIsRefusedAndNothingIsWritten(string output)
    {
        var site = Snapshot(Path.Combine(dir.Path, "emerald-city"));
        var refused = CliRunner.Run(dir.Path, ["build", "emerald-city", "--out", output]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("holds the site itself", refused.Err);
        Assert.Equal(site, Snapshot(Path.Combine(dir.Path, "emerald-city")));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "views")));
    }

    [Theory]
    [InlineData("narya")]
    [InlineData("narya/")]
    [InlineData("--dry-run")]
    public void AnOutputDirectoryThatIsAnOverlayIsRefusedAndNothingIsWritten(string how)
    {
        // emerald-city's elenta.yaml names ../narya as its overlay: a build there would be read back as site data.
        var overlay = Snapshot(Path.Combine(dir.Path, "narya"));
        string[] args = how == "--dry-run" ? ["build", "emerald-city", "--out", "narya", "--dry-run"] : ["build", "emerald-city", "--out", how];
        var refused = CliRunner.Run(dir.Path, args);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is the site's overlay ../narya", refused.Err);
        Assert.DoesNotContain("internal error", refused.Err);
        Assert.Equal(overlay, Snapshot(Path.Combine(dir.Path, "narya")));
        Assert.Equal(0, CliRunner.Run(dir.Path, ["check", "emerald-city"]).ExitCode);
    }

    [Fact]
    public void ASiteWithErrorsMakesNoSecrets()
    {
        var secrets = Path.Combine(dir.Path, "emerald-city", ".secrets");
        if (Directory.Exists(secrets))
        {
            Directory.Delete(secrets, recursive: true);
        }

        // An error only the analysis finds (two machines on one address): the site resolves, and the build starts.
        var clash = Path.Combine(dir.Path, "emerald-city", "clash.yaml");
        File.WriteAllText(clash, "cadaster: { compute: { clash: { canon: { condorcet: { ip: 10.255.0.10 } } } } }\n");
        var broken = Build();
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("EL4001", broken.Out + broken.Err);
        Assert.False(Directory.Exists(secrets), "a site with errors made secrets");

        File.Delete(clash);
        Assert.Equal(0, Build().ExitCode);
        Assert.Single(Directory.GetFiles(Path.Combine(secrets, "tsig"))); // toto serves ifrit the zones
    }

    [Fact]
    public void ASecretsDirectoryThatIsAFileIsRefused()
    {
        File.WriteAllText(Path.Combine(dir.Path, "keys"), "not a directory\n");
        var r = Build("--secrets", "keys");
        Assert.Equal((1, "elenta: the secrets directory keys is a file; give a directory with --secrets (made when a key is first needed)\n"), (r.ExitCode, r.Err));
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void AnOutputDirectoryReachedThroughALinkToTheSiteIsRefused()
    {
        var site = Snapshot(Path.Combine(dir.Path, "emerald-city"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "site-link"), Path.Combine(dir.Path, "emerald-city"));
        var refused = CliRunner.Run(dir.Path, ["build", "emerald-city", "--out", "site-link"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("holds the site itself", refused.Err);
        Assert.Equal(site, Snapshot(Path.Combine(dir.Path, "emerald-city")));
    }

    [Theory]
    [InlineData("emerald-city/roles")] // the site's own roles: marked as an output, the loader would skip them
    [InlineData("other-site")] // another site
    public void AnOutputDirectoryThatHoldsSiteFilesAndNoBuildIsRefused(string output)
    {
        Directory.CreateDirectory(Path.Combine(dir.Path, "other-site"));
        File.WriteAllText(Path.Combine(dir.Path, "other-site", "elenta.yaml"), "site: other\n");
        var before = Snapshot(dir.Path);
        var refused = CliRunner.Run(dir.Path, ["build", "emerald-city", "--out", output]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("holds site files", refused.Err);
        Assert.DoesNotContain("internal error", refused.Err);
        Assert.Equal(before, Snapshot(dir.Path));
        Assert.Equal(0, CliRunner.Run(dir.Path, ["check", "emerald-city"]).ExitCode);
    }

    [Fact]
    public void AnOutputDirectoryOutsideEverySiteMayHoldWhatItLikes()
    {
        // A deployment repository: CI files, notes, a link that loops back up; no site around it.
        dir.Write("deploy-repo/.github/workflows/ci.yml", "on: push\n");
        dir.Write("deploy-repo/notes.yaml", "todo: []\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "deploy-repo", "a"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "deploy-repo", "a", "loop"), "..");
        var r = CliRunner.Run(dir.Path, ["build", "emerald-city", "--out", "deploy-repo"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.True(File.Exists(Path.Combine(dir.Path, "deploy-repo", "manifest.json")));
    }

    [Fact]
    public void BuildNamesWhatItWroteAndRemovedAndJsonListsEveryFile()
    {
        Assert.Equal(0, Build().ExitCode);
        var viewPath = Path.Combine(Out, "views", "toto.json");
        File.AppendAllText(viewPath, " ");
        var r = Build("--format", "json");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(["views/toto.json"], json.RootElement.GetProperty("written").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(69, json.RootElement.GetProperty("unchanged").GetArrayLength());
        Assert.False(json.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal("output file views/toto.json is not what the last build wrote", json.RootElement.GetProperty("because").GetString());

        File.AppendAllText(viewPath, " ");
        var text = Build();
        Assert.Contains("built 70 artifacts into out: 1 written, 69 unchanged, 0 removed; not skipped: output file views/toto.json is not what the last build wrote\n  written  views/toto.json\n", text.Out);
    }

    [Fact]
    public void EveryArtifactIsWrittenAndTheManifestHashesMatchTheFiles()
    {
        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        var hashes = ManifestHashes();
        Assert.True(hashes.Count > 20, $"only {hashes.Count} artifacts");
        foreach (var (path, sha) in hashes)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Out, path));
            Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }

        Assert.Contains($" {hashes.Count} written, 0 unchanged, 0 removed", r.Out);
        Assert.Empty(Directory.GetFiles(Out, "*.elenta-tmp", SearchOption.AllDirectories));
        var script = Directory.GetFiles(Out, "*.sh", SearchOption.AllDirectories);
        Assert.NotEmpty(script);
        foreach (var s in script)
        {
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(s).HasFlag(UnixFileMode.UserExecute), s + " is not executable");
        }
    }

    [Fact]
    public void ARebuildRewritesOnlyWhatChangedAndRemovesWhatIsGone()
    {
        Assert.Equal(0, Build().ExitCode);
        var hashes = ManifestHashes();

        // Damage one artifact, and leave a file of a build that no longer exists.
        var damaged = hashes.Keys.First(p => p.StartsWith("views/", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Out, damaged), "{}\n");
        var touchedBefore = File.GetLastWriteTimeUtc(Path.Combine(Out, hashes.Keys.First(p => p != damaged && p != "manifest.json")));

        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains($" 1 written, {hashes.Count - 1} unchanged, 0 removed", r.Out);
        Assert.Equal(hashes, ManifestHashes());
        Assert.Equal(touchedBefore, File.GetLastWriteTimeUtc(Path.Combine(Out, hashes.Keys.First(p => p != damaged && p != "manifest.json"))));

        // A VM that goes away takes its definition with it.
        var vm = hashes.Keys.First(p => p.StartsWith("vms/", StringComparison.Ordinal) && !p.Contains("/networks/", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Out, "views", "stale-machine.json"), "{}\n");
        var manifest = File.ReadAllText(Path.Combine(Out, "manifest.json"));
        File.WriteAllText(Path.Combine(Out, "manifest.json"), manifest.Replace($"\"path\": \"{damaged}\"", "\"path\": \"views/stale-machine.json\"", StringComparison.Ordinal));
        r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains(" 1 removed", r.Out);
        Assert.False(File.Exists(Path.Combine(Out, "views", "stale-machine.json")));
        Assert.True(File.Exists(Path.Combine(Out, vm)));
    }

    [Fact]
    public void AFileChangedBehindTheIndexIsRewrittenEvenWithItsSizeAndTimeKept()
    {
        Assert.Equal(0, Build().ExitCode);
        Thread.Sleep(1100); // past the index's "racily clean" second, so the next build trusts it
        var r = Build();
        Assert.Contains(" 0 written", r.Out);
        var index = Elenta.Output.OutputIndex.Read(Out);
        var view = ManifestHashes().Keys.First(p => p.StartsWith("views/", StringComparison.Ordinal));
        var path = Path.Combine(Out, view);
        var original = File.ReadAllBytes(path);
        Assert.True(index.Holds(view, System.Security.Cryptography.SHA256.HashData(original), Elenta.Output.FileStamp.Of(path)));

        // The same number of bytes in the same inode, and the old modification time put back to the
        // nanosecond (`touch -r`): only the change time tells.
        var reference = Path.Combine(dir.Path, "reference");
        File.WriteAllText(reference, string.Empty);
        Touch(path, reference);
        var damaged = original.ToArray();
        damaged[1] = (byte)(damaged[1] == (byte)' ' ? '\t' : ' ');
        File.WriteAllBytes(path, damaged);
        Touch(reference, path);
        Assert.Equal(Elenta.Output.FileStamp.Of(reference)!.Value.ModifiedNs, Elenta.Output.FileStamp.Of(path)!.Value.ModifiedNs);

        r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains(" 1 written", r.Out);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void OnlyKeepsTheOtherFamiliesFilesAndManifestLines()
    {
        Assert.Equal(0, Build().ExitCode);
        var before = ManifestHashes();
        var files = Snapshot(Out);

        var artifacts = Artifacts();
        Assert.Contains(artifacts, a => a.Contains("\"deliver\": {", StringComparison.Ordinal) && a.Contains("\"to\": [", StringComparison.Ordinal) && a.Contains("\"target\"", StringComparison.Ordinal));

        var r = Build("--only", "dns");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("kept as they were", r.Out);
        Assert.Equal(before, ManifestHashes());
        Assert.Equal(artifacts, Artifacts()); // family and delivery (receivers, target, mode, after) of the kept files too
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), Snapshot(Out).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnlyRefusesToKeepAFileGoneOrChangedSinceTheLastBuild()
    {
        Assert.Equal(0, Build().ExitCode);
        var manifest = File.ReadAllText(Path.Combine(Out, "manifest.json"));

        // An edited view would be vouched for by the new manifest; a deleted one dropped from it.
        File.AppendAllText(Path.Combine(Out, "views", "nancy.json"), "\n");
        var edited = Build("--only", "dns");
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("views/nancy.json", edited.Err);
        Assert.Contains("run a full build (without --only)", edited.Err);
        Assert.Equal(manifest, File.ReadAllText(Path.Combine(Out, "manifest.json")));

        Assert.Equal(0, Build().ExitCode);
        File.Delete(Path.Combine(Out, "views", "toto.json"));
        var deleted = Build("--only", "dns");
        Assert.Equal(1, deleted.ExitCode);
        Assert.Contains("views/toto.json", deleted.Err);
        Assert.DoesNotContain("internal error", deleted.Err);

        var full = Build();
        Assert.True(full.ExitCode == 0, full.Out + full.Err);
        Assert.True(File.Exists(Path.Combine(Out, "views", "toto.json")));
        Assert.Equal(manifest, File.ReadAllText(Path.Combine(Out, "manifest.json")));
    }

    [Fact]
    public async Task ABuildWaitsForAnotherIntoTheSameDirectory()
    {
        Assert.Equal(0, Build().ExitCode);
        File.WriteAllText(Path.Combine(dir.Path, "emerald-city", "more.yaml"), "domains: { emerald.city: { records: { extra: { TXT: hello } } } }\n");
        var zone = File.ReadAllText(Path.Combine(Out, "dns", "zones", "emerald.city.zone"));

        // Another build holds the directory: this one compiles, then waits before its first write.
        var other = Elenta.Output.OutputLock.Take(Out);
        var waiting = Task.Run(() => Build());
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(waiting.IsCompleted, "the build did not wait for the other: " + (waiting.IsCompleted ? (await waiting).Err : string.Empty));
            Assert.Equal(zone, File.ReadAllText(Path.Combine(Out, "dns", "zones", "emerald.city.zone")));
        }
        finally
        {
            other.Dispose();
        }

        var done = await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(done.ExitCode == 0, done.Out + done.Err);
        Assert.Contains("waiting for another build into", done.Err);
        Assert.Contains("extra", File.ReadAllText(Path.Combine(Out, "dns", "zones", "emerald.city.zone")));
    }

    [Fact]
    public void ADamagedManifestIsTreatedAsNoPreviousBuild()
    {
        Assert.Equal(0, Build().ExitCode);
        var hashes = ManifestHashes();
        File.WriteAllText(Path.Combine(Out, "manifest.json"), "{ \"artifacts\": [ { \"path\": ");

        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains($" 0 written, {hashes.Count} unchanged, 0 removed", r.Out);
        Assert.Equal(hashes, ManifestHashes());
    }

    [Fact]
    public void ASiteWithErrorsWritesNothing()
    {
        var first = Build();
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        var files = Snapshot(Out);
        File.AppendAllText(Path.Combine(dir.Path, "emerald-city", "elenta.yaml"), "\nnoSuchSetting: 1\n");

        var r = Build();
        Assert.True(r.ExitCode == 1, r.Out + r.Err);
        Assert.Contains("noSuchSetting", r.Err);
        var after = Snapshot(Out);
        var changed = files.Keys.Union(after.Keys).Where(k => files.GetValueOrDefault(k) != after.GetValueOrDefault(k)).ToList();
        Assert.True(changed.Count == 0, "changed by a build that failed: " + string.Join(", ", changed));
    }

    [Fact]
    public void AMachineThatGoesAwayTakesItsFilesWithItWhenThePreviousBuildIsKnownFromTheIndex()
    {
        // With a trusted index, the previous build's files are the index's paths; the manifest is
        // not parsed. A VM removed from the site must still take its definition and view along.
        Assert.Equal(0, Build().ExitCode);
        Thread.Sleep(1100);
        Assert.Contains(" 0 written", Build().Out);
        var index = Elenta.Output.OutputIndex.Read(Out);
        Assert.True(index.IsCurrent("manifest.json", Elenta.Output.FileStamp.Of(Path.Combine(Out, "manifest.json"))));
        Assert.Equal(ManifestHashes().Keys.Append("manifest.json").Order(StringComparer.Ordinal), index.Paths.Order(StringComparer.Ordinal));

        var constellation = Path.Combine(dir.Path, "emerald-city", "constellations", "emerald-city.yaml");
        var text = File.ReadAllText(constellation);
        var pinky = text.IndexOf("          pinky:", StringComparison.Ordinal);
        var next = text.IndexOf("      btg:", pinky, StringComparison.Ordinal);
        File.WriteAllText(constellation, text.Remove(pinky, next - pinky));
        var keys = Path.Combine(dir.Path, "narya", "host-keys.yaml"); // the overlay that gives pinky its key
        File.WriteAllLines(keys, File.ReadAllLines(keys).Where(l => !l.TrimStart().StartsWith("pinky:", StringComparison.Ordinal)));

        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.False(File.Exists(Path.Combine(Out, "vms", "dragon-of-perdition", "pinky.xml")));
        Assert.False(File.Exists(Path.Combine(Out, "views", "pinky.json")));
        Assert.True(File.Exists(Path.Combine(Out, "vms", "dragon-of-perdition", "barge.xml")));
        Assert.Matches(" [1-9][0-9]* removed", r.Out);
    }

    [Fact]
    public void FilesLeftByABuildStoppedAfterItsManifestAreRemovedByTheNext()
    {
        Assert.Equal(0, Build().ExitCode);
        var before = Snapshot(Out);
        var index = File.ReadAllBytes(Path.Combine(Out, ".elenta-index"));

        var constellation = Path.Combine(dir.Path, "emerald-city", "constellations", "emerald-city.yaml");
        var text = File.ReadAllText(constellation);
        var pinky = text.IndexOf("          pinky:", StringComparison.Ordinal);
        File.WriteAllText(constellation, text.Remove(pinky, text.IndexOf("      btg:", pinky, StringComparison.Ordinal) - pinky));
        var keys = Path.Combine(dir.Path, "narya", "host-keys.yaml");
        File.WriteAllLines(keys, File.ReadAllLines(keys).Where(l => !l.TrimStart().StartsWith("pinky:", StringComparison.Ordinal)));
        Assert.Equal(0, Build().ExitCode);
        var gone = before.Keys.Where(p => !File.Exists(Path.Combine(Out, p))).ToList();
        Assert.Contains(Path.Combine("views", "pinky.json"), gone);

        // As a build leaves it when it stops after its manifest: the new manifest, the files it no
        // longer lists still there, the index of the build before (written last), no trace (removed first).
        foreach (var p in gone)
        {
            File.WriteAllText(Path.Combine(Out, p), before[p]);
        }

        File.WriteAllBytes(Path.Combine(Out, ".elenta-index"), index);
        File.Delete(Path.Combine(Out, ".elenta-inputs"));

        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains($" {gone.Count} removed", r.Out);
        Assert.All(gone, p => Assert.False(File.Exists(Path.Combine(Out, p)), p));
    }

    [Fact]
    public void AnIndexThatListsAPathOutsideTheOutputRemovesNothingThere()
    {
        // The index is a file in the output directory like the manifest: what it lists is checked
        // the same way before anything listed is removed as stale.
        Assert.Equal(0, Build().ExitCode);
        Thread.Sleep(1100);
        var outside = Path.Combine(dir.Path, "outside.txt");
        File.WriteAllText(outside, "not the build's\n");
        var manifest = Path.Combine(Out, "manifest.json");
        Elenta.Output.OutputIndex.Write(Out,
            [new Elenta.Core.Emit.Artifact("manifest.json", "manifest", null, File.ReadAllBytes(manifest)), new Elenta.Core.Emit.Artifact("../outside.txt", "views", null, File.ReadAllBytes(outside))],
            [Elenta.Output.FileStamp.Of(manifest), Elenta.Output.FileStamp.Of(outside)],
            Elenta.Output.OutputIndex.Empty);
        Thread.Sleep(1100);
        Assert.True(Elenta.Output.OutputIndex.Read(Out).IsCurrent("manifest.json", Elenta.Output.FileStamp.Of(manifest)));

        var r = Build();
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.True(File.Exists(outside));
    }

    [Fact]
    public void AnOutputThatCannotBeWrittenIsAnErrorNotABug()
    {
        // A file where the build needs a directory: the writers, side by side, all fail.
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "views"), "in the way\n");

        var r = Build();
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("elenta: ", r.Err);
        Assert.Contains("views", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.False(File.Exists(Path.Combine(Out, "manifest.json")));
    }

    [Fact]
    public void ASiteThatOnlyTheAnalysisFindsWrongWritesNothingThoughTheEmittersRan()
    {
        // The emitters start once the site resolves, beside the analysis: a duplicate address is
        // found by the analysis alone, after they may have finished.
        Assert.Equal(0, Build().ExitCode);
        var files = Snapshot(Out);
        var nancy = Path.Combine(dir.Path, "emerald-city", "cadaster", "compute", "nancy.yaml");
        File.WriteAllText(nancy, File.ReadAllText(nancy).Replace("10.255.0.20", "10.255.0.30", StringComparison.Ordinal));

        var r = Build();
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("10.255.0.30", r.Err);
        Assert.Equal(files, Snapshot(Out));
    }

    public void Dispose() => dir.Dispose();

    /// <summary>Gives <paramref name="target"/> the modification time of <paramref name="from"/>, to the nanosecond.</summary>
    internal static void Touch(string from, string target)
    {
        using var touch = System.Diagnostics.Process.Start("touch", ["-m", "-r", from, target]);
        touch.WaitForExit();
        Assert.Equal(0, touch.ExitCode);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
