using System.Diagnostics;
using System.Text;
using Elenta.Core.Emit;
using Elenta.Deploy.Drivers;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// The files driver's machine side (files-driver.sh, as embedded in the deployer), run here by
/// /bin/sh on real files: its state under a scratch directory (ELENTA_FILES_ROOT), its targets
/// under another, the generations built by <see cref="FilesDriver.Build"/> from a manifest. What the
/// lab tests do over ssh on simulated machines, here for every branch of the script: which files
/// change, which after commands run, what a failure puts back, the lock, the canary.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FilesDriverScriptTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("elenta-files-driver-").FullName;
    private readonly string state;
    private readonly string targets;
    private readonly string build;
    private readonly string owner = Environment.UserName;
    private readonly string group = Run("id", "-gn").Trim();

    public FilesDriverScriptTests()
    {
        state = Path.Combine(scratch, "state");
        targets = Path.Combine(scratch, "etc");
        build = Path.Combine(scratch, "build");
        Directory.CreateDirectory(targets);
        Directory.CreateDirectory(build);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static readonly string Script = ReadScript();

    private static string ReadScript()
    {
        using var stream = typeof(FilesDriver).Assembly.GetManifestResourceStream("files-driver.sh")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private string T(string name) => Path.Combine(targets, name);

    /// <summary>A generation from (name, content, mode, after command) entries, through the driver's own Build.</summary>
    private byte[] Generation(params (string Name, string Content, string Mode, string? After)[] files)
    {
        var entries = new List<ManifestEntry>();
        foreach (var (name, content, mode, after) in files)
        {
            var path = $"files/{name}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..8]}";
            Directory.CreateDirectory(Path.Combine(build, "files"));
            File.WriteAllText(Path.Combine(build, path), content);
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content)));
            entries.Add(new ManifestEntry(path, "files", sha, content.Length,
                new Delivery(["m1"], T(name), mode, after is null ? [] : [after]) { Owner = owner, Group = group }));
        }

        var (generation, problem) = FilesDriver.Build(new Manifest("test", "abc123", entries), build, "m1", DateTimeOffset.UnixEpoch);
        Assert.Null(problem);
        return generation!.Bundle;
    }

    private (int Code, string Output) Op(byte[]? input, params string[] args) => Sh(input, ["-c", Script, "elenta-files", .. args]);

    /// <summary>Runs an operation as the deployer sends it over ssh: one command line, each argument quoted by <see cref="Elenta.Deploy.Transport.SshTransport.RemoteCommandLine"/>, read by a shell.</summary>
    private (int Code, string Output) OpAsSent(params string[] args) =>
        Sh(null, ["-c", Elenta.Deploy.Transport.SshTransport.RemoteCommandLine(["sh", "-c", Script, "elenta-files", .. args])]);

    private (int Code, string Output) Sh(byte[]? input, string[] args)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ELENTA_FILES_ROOT"] = state;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(input);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The script stopped reading (the lock refused before the generation was read): its output says why.
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private string Link(string name) => Path.GetFileName(new FileInfo(Path.Combine(state, name)).LinkTarget ?? string.Empty);

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private string Probe() => Op(null, "probe").Output;

    [Fact]
    public void InstallLocksStagesAndActivatesThenTheNextGenerationChangesOnlyWhatDiffers()
    {
        File.WriteAllText(T("old.conf"), "held before elenta\n");
        var first = Generation(("a.conf", "a1\n", "0644", $"echo a >> {T("ran")}"), ("b.conf", "b1\n", "0640", $"echo b >> {T("ran")}"),
            ("c.conf", "c1\n", "0644", null), ("old.conf", "old1\n", "0644", null));
        var (code, output) = Op(first, "install", "me since now", "switch", "0", "1");

        Assert.Equal(0, code);
        Assert.StartsWith("generation 1\n", output, StringComparison.Ordinal);
        Assert.Contains("changed " + T("a.conf"), output, StringComparison.Ordinal);
        Assert.Contains("activated 1", output, StringComparison.Ordinal);
        Assert.Equal("a1\n", File.ReadAllText(T("a.conf")));
        Assert.Equal("640", Mode(T("b.conf")));
        Assert.Equal("a\nb\n", File.ReadAllText(T("ran")));
        Assert.Equal(("1", "1"), (Link("current"), Link("boot")));
        Assert.False(Directory.Exists(Path.Combine(state, "lock")), "release=1 frees the lock");

        // a: same bytes, another mode (no after command); b: new bytes (its command, once though
        // listed twice); c: dropped (removed); d: new; deploy (test): boot stays on 1.
        File.Delete(T("ran"));
        var second = Generation(("a.conf", "a1\n", "0600", $"echo a >> {T("ran")}"), ("b.conf", "b2\n", "0640", $"echo b >> {T("ran")}"),
            ("d.conf", "d1\n", "0644", $"echo b >> {T("ran")}"), ("old.conf", "old1\n", "0644", null));
        (code, output) = Op(second, "install", "me since now", "test", "0", "1");

        Assert.Equal(0, code);
        Assert.StartsWith("generation 2\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("changed " + T("a.conf"), output, StringComparison.Ordinal);
        Assert.Contains("changed " + T("b.conf"), output, StringComparison.Ordinal);
        Assert.Contains("changed " + T("d.conf"), output, StringComparison.Ordinal);
        Assert.Contains("removed " + T("c.conf"), output, StringComparison.Ordinal);
        Assert.Equal("600", Mode(T("a.conf")));
        Assert.False(File.Exists(T("c.conf")));
        Assert.Equal("b\n", File.ReadAllText(T("ran")));
        Assert.Equal(("2", "1"), (Link("current"), Link("boot")));
        Assert.Contains("current=2\nboot=1\ngenerations=1 2 \n", Probe(), StringComparison.Ordinal);
        Assert.Contains("\"contentHash\"", Probe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedAfterCommandPutsThePreviousGenerationBackAndAFirstOneWhatTheFilesHeld()
    {
        File.WriteAllText(T("keep.conf"), "mine\n");
        var first = Generation(("keep.conf", "elenta's\n", "0644", null), ("new.conf", "n1\n", "0644", "false"));
        var (code, output) = Op(first, "install", "me", "switch", "0", "1");

        Assert.Equal(1, code);
        Assert.StartsWith("generation 1\n", output, StringComparison.Ordinal);
        Assert.Contains("failed: 'false' exited 1", output, StringComparison.Ordinal);
        Assert.Equal("mine\n", File.ReadAllText(T("keep.conf")));
        Assert.False(File.Exists(T("new.conf")));
        Assert.Equal(string.Empty, Link("current"));
        Assert.False(Directory.Exists(Path.Combine(state, "lock")));

        Assert.Equal(0, Op(Generation(("keep.conf", "g2\n", "0644", null)), "install", "me", "switch", "0", "1").Code);
        (code, output) = Op(Generation(("keep.conf", "g3\n", "0644", "exit 3"), ("other.conf", "o\n", "0644", null)), "install", "me", "switch", "0", "1");

        Assert.Equal(1, code);
        Assert.Contains("restoring generation 2", output, StringComparison.Ordinal);
        Assert.Equal("g2\n", File.ReadAllText(T("keep.conf")));
        Assert.False(File.Exists(T("other.conf")));
        Assert.Equal("2", Link("current"));
    }

    [Fact]
    public void ALockHeldBySomeoneElseRefusesTheInstallNamingThemAndStagesNothing()
    {
        Assert.Equal((0, "locked\n"), Op(null, "lock", "alice@ops since 09:00"));
        var (code, output) = Op(Generation(("a.conf", "a\n", "0644", null)), "install", "bob", "switch", "0", "1");

        Assert.Equal(75, code);
        Assert.Equal("held by alice@ops since 09:00\n", output);
        Assert.False(File.Exists(T("a.conf")));
        Assert.Contains("generations=\n", Probe(), StringComparison.Ordinal);
        Assert.Contains("locked=alice@ops since 09:00", Probe(), StringComparison.Ordinal);

        Op(null, "unlock", "bob");
        Assert.True(Directory.Exists(Path.Combine(state, "lock")), "bob cannot free alice's lock");
        Op(null, "unlock", "alice@ops since 09:00");
        Assert.False(Directory.Exists(Path.Combine(state, "lock")));
    }

    [Fact]
    public void AnArmedInstallKeepsTheLockUntilConfirmedAndAnUnconfirmedOneIsUndoneByTheMachine()
    {
        Assert.Equal(0, Op(Generation(("a.conf", "a1\n", "0644", null)), "install", "me", "switch", "0", "1").Code);

        // Confirmed in time: the canary goes, and the confirmation frees the lock.
        var (code, output) = Op(Generation(("a.conf", "a2\n", "0644", null)), "install", "me", "test", "30", "0");
        Assert.Equal(0, code);
        Assert.Contains("armed 2 30", output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(state, "lock")), "an armed install keeps the lock for the confirmation");
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirm", "2", "me", "1"));
        Assert.False(Directory.Exists(Path.Combine(state, "lock")));
        // A confirmation sent again (the answer to the first was lost) gets the same answer, and the
        // machine says so when asked.
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirm", "2", "me", "1"));
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirmed", "2", "me"));
        Assert.Equal(1, Op(null, "confirmed", "1", "me").Code);

        // Not confirmed: after its second the machine goes back to generation 2 and frees the lock.
        (code, output) = Op(Generation(("a.conf", "a3\n", "0644", null)), "install", "me", "test", "1", "0");
        Assert.Equal(0, code);
        Assert.Equal("a3\n", File.ReadAllText(T("a.conf")));
        var clock = Stopwatch.StartNew();
        while (Link("current") != "2" && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.Equal("2", Link("current"));
        Assert.Equal("a2\n", File.ReadAllText(T("a.conf")));
        Assert.Contains("not confirmed within 1 s: undoing generation 3", File.ReadAllText(Path.Combine(state, "canary.log")), StringComparison.Ordinal);
        while (Directory.Exists(Path.Combine(state, "lock")) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.False(Directory.Exists(Path.Combine(state, "lock")));
        Assert.Contains("generations=1 2 \n", Probe(), StringComparison.Ordinal);
        Assert.Equal((1, "no canary for generation 3: the machine has undone it already\n"), Op(null, "confirm", "3", "me", "1"));
        Assert.Equal((1, "generation 3 is not confirmed\n"), Op(null, "confirmed", "3", "me"));
        Assert.Equal(1, Op(null, "confirmed", "2", "me").Code); // armed since: an earlier confirmation answers nothing
    }

    [Fact]
    public void AConfirmationWhoseConnectionDropsAsItAnswersStillFreesTheLock()
    {
        Assert.Equal(0, Op(Generation(("a.conf", "a1\n", "0644", null)), "install", "me", "switch", "0", "1").Code);
        Assert.Equal(0, Op(Generation(("a.conf", "a2\n", "0644", null)), "install", "me", "test", "30", "0").Code);
        Assert.True(Directory.Exists(Path.Combine(state, "lock")));

        // Its answer goes into a pipe nobody reads any more (the ssh session gone): the write raises
        // SIGPIPE, which sshd's sessions leave at its default (this test process ignores it, and so
        // would its children: env puts the default back).
        var info = new ProcessStartInfo("env") { RedirectStandardError = true };
        foreach (var a in (string[])["--default-signal=PIPE", "sh", "-c", "{ sleep 0.3; sh -c \"$0\" elenta-files confirm 2 me 1; } | true; echo done >&2", Script])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ELENTA_FILES_ROOT"] = state;
        using (var process = Process.Start(info)!)
        {
            Assert.EndsWith("done\n", process.StandardError.ReadToEnd(), StringComparison.Ordinal);
            process.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(state, "canaries", "2")), "the canary was not claimed");
        Assert.False(Directory.Exists(Path.Combine(state, "lock")), "the lock stayed with a confirmation that lost its answer");
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirmed", "2", "me"));
        // Sent again, as the deployer does when it got no answer: the same answer, and the lock stays free.
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirm", "2", "me", "1"));
        Assert.False(Directory.Exists(Path.Combine(state, "lock")));
    }

    [Fact]
    public void AGenerationArmedAgainKeepsItsCanaryFromTheEarlierWatcher()
    {
        Assert.Equal(0, Op(Generation(("a.conf", "a1\n", "0644", null)), "install", "me", "switch", "0", "1").Code);
        var clock = Stopwatch.StartNew();

        // Generation 1 armed and confirmed; armed again (a deploy of a machine already on it) before the first watcher wakes.
        Assert.Equal(0, Op(null, "activate", "1", "test", "5", "first").Code);
        Assert.Equal((0, "confirmed 1\n"), Op(null, "confirm", "1", "first"));
        Assert.Equal(0, Op(null, "activate", "1", "test", "10", "second").Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "armed again after the first watcher woke: this run proves nothing");
        // The first arming's confirmation does not answer for the second, whose canary waits.
        Assert.Equal((1, "generation 1 is armed: not confirmed yet\n"), Op(null, "confirmed", "1", "second"));
        Assert.Equal((1, "generation 1 was armed again by second: not confirmed\n"), Op(null, "confirmed", "1", "first"));

        // The first watcher wakes and leaves the second arming's canary alone: it is still there to confirm.
        Thread.Sleep(TimeSpan.FromSeconds(6) - clock.Elapsed);
        Assert.Equal((0, "confirmed 1\n"), Op(null, "confirm", "1", "second"));
        Assert.Equal("1", Link("current"));
        Assert.False(File.Exists(Path.Combine(state, "canary.log")), "the first watcher took the second arming's canary");
    }

    [Fact]
    public void AConfirmationInAnotherHoldersNameLeavesTheCanaryAndTheMachineUndoesTheGeneration()
    {
        const string bob = "bob@ops pid 42 since 2026-01-01T10:00:00Z";
        const string alice = "alice@o'hara pid 7 since 2026-01-01T09:00:00Z"; // spaces and a quote, as a holder may hold
        Assert.Equal(0, Op(Generation(("a.conf", "a1\n", "0644", null)), "install", "setup", "switch", "0", "1").Code);
        Assert.Equal(0, Op(Generation(("a.conf", "a2\n", "0644", null)), "install", bob, "test", "2", "0").Code);
        var canary = Path.Combine(state, "canaries", "2");
        var token = File.ReadAllText(canary);

        // Alice's confirmation (hers was an earlier arming, undone since): refused, and bob's arming left as it was.
        Assert.Equal((1, $"generation 2 was armed again by {bob}: not confirmed\n"), OpAsSent("confirm", "2", alice, "1"));
        Assert.Equal((1, $"generation 2 was armed again by {bob}: not confirmed\n"), OpAsSent("confirmed", "2", alice));
        Assert.Equal(token, File.ReadAllText(canary));
        Assert.Equal($"{bob}\n", File.ReadAllText(Path.Combine(state, "lock", "holder")));
        Assert.Equal((1, "generation 2 is armed: not confirmed yet\n"), OpAsSent("confirmed", "2", bob));

        // Bob never confirms: his watcher undoes generation 2 and frees his lock.
        var clock = Stopwatch.StartNew();
        while ((Link("current") != "1" || Directory.Exists(Path.Combine(state, "lock"))) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.Equal("1", Link("current"));
        Assert.Equal("a1\n", File.ReadAllText(T("a.conf")));
        Assert.Contains("not confirmed within 2 s: undoing generation 2", File.ReadAllText(Path.Combine(state, "canary.log")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(state, "lock")));
        Assert.Equal((1, "no canary for generation 2: the machine has undone it already\n"), OpAsSent("confirm", "2", bob, "1"));
    }

    [Fact]
    public void ALateConfirmationOfAnArmingUndoneSinceNeitherClaimsNorCountsAnotherDeployersArmingOfTheSameGeneration()
    {
        const string a = "a@ops pid 1 since 2026-01-01T09:00:00Z";
        const string b = "b@ops pid 2 since 2026-01-01T10:00:00Z";
        Assert.Equal(0, Op(Generation(("a.conf", "a1\n", "0644", null)), "install", "setup", "switch", "0", "1").Code);

        // A arms generation 2 and never confirms in time: the machine undoes it and frees A's lock.
        Assert.Equal(0, Op(Generation(("a.conf", "a2\n", "0644", null)), "install", a, "test", "1", "0").Code);
        var clock = Stopwatch.StartNew();
        while ((Link("current") != "1" || Directory.Exists(Path.Combine(state, "lock"))) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.Equal("1", Link("current"));
        Assert.False(Directory.Exists(Path.Combine(state, "lock")));

        // B takes the lock and arms generation 2 again.
        Assert.Equal((0, "locked\n"), Op(null, "lock", b));
        Assert.Equal(0, Op(null, "activate", "2", "test", "30", b).Code);
        Assert.Equal("2", Link("current"));

        // A's late confirmation: B's canary stays, B's lock too.
        Assert.Equal((1, $"generation 2 was armed again by {b}: not confirmed\n"), Op(null, "confirm", "2", a, "1"));
        Assert.True(File.Exists(Path.Combine(state, "canaries", "2")), "A's confirmation claimed B's arming");
        Assert.True(Directory.Exists(Path.Combine(state, "lock")));

        // B confirms over its own connection; A's confirmation sent again, and A's question, still answer no.
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirm", "2", b, "1"));
        Assert.False(Directory.Exists(Path.Combine(state, "lock")));
        Assert.Equal((1, $"generation 2 was armed again by {b}: not confirmed\n"), Op(null, "confirm", "2", a, "1"));
        Assert.Equal((1, $"generation 2 was armed again by {b}: not confirmed\n"), Op(null, "confirmed", "2", a));
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirmed", "2", b));
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirm", "2", b, "1")); // B's own, sent again: the lost-answer retry
    }

    [Fact]
    public void AGenerationThatRanBeforeItsUnconfirmedArmingKeepsRunningAndOffered()
    {
        Assert.Equal(0, Op(Generation(("a.conf", "a1\n", "0644", null)), "install", "me", "switch", "0", "1").Code);
        Assert.Equal(0, Op(null, "activate", "1", "test", "1", "tester").Code);
        var clock = Stopwatch.StartNew();
        var log = Path.Combine(state, "canary.log");
        while (!(File.Exists(log) && File.ReadAllText(log).Contains("keeps running", StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.Contains("generation 1 ran before it was activated again: it keeps running", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Equal("1", Link("current"));
        Assert.Equal("1", Link("boot"));
        Assert.Equal("a1\n", File.ReadAllText(T("a.conf")));
        Assert.Contains("generations=1 \n", Probe(), StringComparison.Ordinal);
        while (Directory.Exists(Path.Combine(state, "lock")) && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(100);
        }

        Assert.False(Directory.Exists(Path.Combine(state, "lock")));
    }

    [Fact]
    public void AConfirmedGenerationStaysWhenItsWatcherWakes()
    {
        Assert.Equal(0, Op(Generation(("a.conf", "a1\n", "0644", null)), "install", "me", "switch", "0", "1").Code);
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Op(Generation(("a.conf", "a2\n", "0644", null)), "install", "me", "test", "4", "0").Code);
        Assert.Equal((0, "confirmed 2\n"), Op(null, "confirm", "2", "me", "1"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), "confirmed after the watcher's time: this run proves nothing");

        // The watcher wakes after its 4 s, finds no canary and leaves the machine as it is.
        Thread.Sleep(TimeSpan.FromSeconds(5) - clock.Elapsed);
        Assert.Equal("2", Link("current"));
        Assert.Equal("a2\n", File.ReadAllText(T("a.conf")));
        Assert.False(File.Exists(Path.Combine(state, "canary.log")), "a confirmed generation was undone");
        Assert.Equal([".confirmed"], Directory.GetFileSystemEntries(Path.Combine(state, "canaries")).Select(Path.GetFileName));
    }
}
