using System.Diagnostics;
using Elenta.Cli.Tests.Support;
using Elenta.Core.Model;
using Elenta.Deploy;
using Elenta.Deploy.Transport;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// The deployer's ssh transport against a real OpenSSH server on 127.0.0.1 and a free port (its own
/// host key, an operator key, strict host key checking against a known_hosts of one line): the
/// first command runs in the master connection's own session, read up to its status line; the
/// next ones over the master; a fresh connection beside it; and closing leaves no ssh behind.
/// </summary>
public sealed class SshTransportTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("elenta-ssh-transport-").FullName;
    private readonly Daemon sshd;
    private readonly int port = Dnsmasq.FreePort();
    private readonly string knownHosts;
    private readonly string identity;

    public SshTransportTests()
    {
        identity = Path.Combine(scratch, "id_ed25519");
        var hostKey = Path.Combine(scratch, "host_ed25519");
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", identity);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey);
        File.Copy(identity + ".pub", Path.Combine(scratch, "authorized_keys"));
        knownHosts = Path.Combine(scratch, "known_hosts");
        File.WriteAllText(knownHosts, "toto.canon " + File.ReadAllText(hostKey + ".pub"));
        Directory.CreateDirectory("/run/sshd"); // sshd's privilege separation directory
        sshd = Daemon.Start("sshd", "/usr/sbin/sshd", "-D", "-e", "-f", "/dev/null", "-h", hostKey, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "ListenAddress=127.0.0.1", "-o", "AuthorizedKeysFile=" + Path.Combine(scratch, "authorized_keys"), "-o", "StrictModes=no",
            "-o", "PermitRootLogin=prohibit-password", "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no", "-o", "UsePAM=no", "-o", "PidFile=none");
        var clock = Stopwatch.StartNew();
        while (!sshd.Log.Contains("listening", StringComparison.Ordinal) && !sshd.HasExited && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(50);
        }

        Assert.False(sshd.HasExited, sshd.Log);
    }

    public void Dispose()
    {
        sshd.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    private DeployTarget Toto(int? at = null) => new("toto", "toto.canon", "127.0.0.1", at ?? port, Environment.UserName, DriverKind.Files);

    private SshTransport Transport(string? known = null) => new(new SshOptions(known ?? knownHosts) { Identity = identity });

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {process.StandardError.ReadToEnd()}");
    }

    /// <summary>The ssh clients still running that use this transport's control sockets.</summary>
    private static int SshProcessesUsing(string directory) =>
        Directory.EnumerateDirectories("/proc").Count(p =>
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(p, "cmdline"));
                return cmdline.StartsWith("ssh\0", StringComparison.Ordinal) && cmdline.Contains(directory, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });

    [Fact]
    public void TheFirstCommandOpensTheMasterTheNextGoOverItAndClosingLeavesNoSshBehind()
    {
        string directory;
        using (var ssh = Transport())
        {
            // The first command: run in the master's own session, its output exactly as printed
            // (here without a last line break, and with a line that looks like a status line).
            var first = ssh.Run(Toto(), ["sh", "-c", "printf 'one\\nelenta-done-0000 7\\ntwo'; echo oops >&2"]);
            Assert.Equal((0, "one\nelenta-done-0000 7\ntwo"), (first.Code, first.Output));
            directory = ssh.ControlDirectory;
            Assert.True(File.Exists(Path.Combine(directory, "toto")), "the master's control socket");
            Assert.Equal(1, SshProcessesUsing(directory)); // the master, and nothing else

            // Over the master: an exit status, standard error, and input.
            var failed = ssh.Run(Toto(), ["sh", "-c", "echo broken >&2; exit 3"]);
            Assert.Equal((3, "broken\n"), (failed.Code, failed.Error));
            var echoed = ssh.Run(Toto(), ["cat"], "through stdin"u8.ToArray());
            Assert.Equal((0, "through stdin"), (echoed.Code, echoed.Output));

            // A long output read whole (the status line found wherever the reads cut it).
            var big = ssh.Run(Toto(), ["sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo \"line $i of the output\"; i=$((i + 1)); done"]);
            Assert.Equal(20000, big.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.EndsWith("line 19999 of the output\n", big.Output, StringComparison.Ordinal);

            // A connection of its own, beside the master.
            var fresh = ssh.RunFresh(Toto(), ["echo", "fresh"], TimeSpan.FromSeconds(20));
            Assert.Equal((0, "fresh\n"), (fresh.Code, fresh.Output));
            Assert.Equal(1, SshProcessesUsing(directory));
        }

        var clock = Stopwatch.StartNew();
        while (SshProcessesUsing(directory) > 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(50);
        }

        Assert.Equal(0, SshProcessesUsing(directory));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void AFirstCommandOnAMachineThatCannotBeReachedOrPresentsAnotherKeyFails()
    {
        using var ssh = Transport();
        var refused = ssh.Run(Toto(Dnsmasq.FreePort()), ["true"], timeout: TimeSpan.FromSeconds(20));
        Assert.True(refused.ConnectionFailed, refused.Error);
        Assert.Contains("Connection refused", refused.Error, StringComparison.Ordinal);

        var other = Path.Combine(scratch, "other_known_hosts");
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(scratch, "other"));
        File.WriteAllText(other, "toto.canon " + File.ReadAllText(Path.Combine(scratch, "other.pub")));
        using var wrongKey = Transport(other);
        var changed = wrongKey.Run(Toto(), ["true"], timeout: TimeSpan.FromSeconds(20));
        Assert.True(changed.HostKeyRefused, changed.Error);
        Assert.Equal(string.Empty, changed.Output);
    }

    [Theory]
    [InlineData("OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.19 27 Jan 2026", true)]
    [InlineData("OpenSSH_8.1p1, OpenSSL 1.1.1d", true)]
    [InlineData("OpenSSH_10.0p2 Debian-7, OpenSSL 3.5.1", true)]
    [InlineData("OpenSSH_8.0p1, OpenSSL 1.1.1k  FIPS 25 Mar 2021", false)]
    [InlineData("OpenSSH_7.9p1 Debian-10+deb10u4, OpenSSL 1.1.1n", false)]
    [InlineData("Sun_SSH_1.1", false)]
    [InlineData("", false)]
    public void TheConfirmationsKeyExchangeListIsPrependedOnlyWhereSshTakesIt(string version, bool prepend) =>
        Assert.Equal(prepend, SshTransport.TakesKexPrepend(version));

    [Fact]
    public void OnlyTheFreshConnectionAsksForCurve25519First()
    {
        using var ssh = Transport();
        const string Kex = "KexAlgorithms=^curve25519-sha256,curve25519-sha256@libssh.org";
        Assert.DoesNotContain(Kex, ssh.Arguments(Toto()));
        var version = Process.Start(new ProcessStartInfo("ssh", "-V") { RedirectStandardError = true })!;
        var text = version.StandardError.ReadToEnd();
        version.WaitForExit();
        Assert.Equal(SshTransport.TakesKexPrepend(text), ssh.Arguments(Toto(), fresh: true).Contains(Kex));
    }

    [Fact]
    public void TwoLongNamesWithOneBeginningNeverShareAMasterConnection()
    {
        // Both at the same sshd; only the first one's canon name is in known_hosts. Were their control
        // sockets one (names cut at 40 characters), the second would run over the first's connection
        // without its own host key check.
        var stem = new string('m', 45);
        using var ssh = Transport();
        var trusted = ssh.Run(new DeployTarget(stem + "-a", "toto.canon", "127.0.0.1", port, Environment.UserName, DriverKind.Files), ["echo", "a"], timeout: TimeSpan.FromSeconds(20));
        Assert.True(trusted.Code == 0, trusted.Error);
        var unknown = ssh.Run(new DeployTarget(stem + "-b", "unknown.canon", "127.0.0.1", port, Environment.UserName, DriverKind.Files), ["echo", "b"], timeout: TimeSpan.FromSeconds(20));
        Assert.True(unknown.HostKeyRefused, $"{unknown.Code}: {unknown.Output} {unknown.Error}");
        Assert.NotEqual(SshTransport.SocketName(stem + "-a"), SshTransport.SocketName(stem + "-b"));
        Assert.True(SshTransport.SocketName(new string('x', 63)).Length <= 40);
    }
}
