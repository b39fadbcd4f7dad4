using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Elenta.Deploy.Transport;

/// <summary>What one command on a machine did.</summary>
public sealed record RemoteResult(int Code, string Output, string Error)
{
    /// <summary>ssh itself failed (exit 255): no connection, or the host key was refused.</summary>
    public bool ConnectionFailed => Code == 255;

    /// <summary>The machine's host key is unknown or not the one known_hosts holds: ssh refused it.</summary>
    public bool HostKeyRefused =>
        ConnectionFailed && (Error.Contains("Host key verification failed", StringComparison.Ordinal)
            || Error.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)
            || Error.Contains("host key is known", StringComparison.OrdinalIgnoreCase));
}

/// <summary>How the deployer reaches the machines: the trusted host keys, the operator's key, timeouts.</summary>
public sealed record SshOptions(string KnownHosts)
{
    /// <summary>The operator's private key; null: ssh's own choice (agent, ~/.ssh/config).</summary>
    public string? Identity { get; init; }

    public int ConnectTimeoutSeconds { get; init; } = 5;
}

/// <summary>
/// The system's OpenSSH client, so that the user's ssh config, agents, jump hosts and certificates
/// keep working. One master connection per machine (ControlMaster, its socket in a private
/// directory made for this transport), every command over it. Host keys are checked strictly
/// (StrictHostKeyChecking=yes) against one known_hosts file, under the machine's canon name
/// (HostKeyAlias), whatever address it was reached at: never trust on first use.
/// Commands are argument vectors: each argument is quoted for the remote shell, so no value of the
/// site is ever read by it as code.
/// </summary>
public sealed class SshTransport : IDisposable
{
    private readonly SshOptions options;
    private readonly string controlDirectory;
    /// <summary>Each machine's control socket, with the master connection of ours that serves it (null: ssh's own, ControlMaster=auto).</summary>
    private readonly Dictionary<string, Process?> masters = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Whether this machine's ssh takes <c>KexAlgorithms=^...</c> (asked once, of <c>ssh -V</c>).</summary>
    private static readonly Lazy<bool> KexPrepend = new(() =>
    {
        try
        {
            var info = new ProcessStartInfo("ssh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("-V");
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            var version = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return TakesKexPrepend(version);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no ssh: every connection fails anyway, and says so
        }
    });

    /// <summary>
    /// Whether an ssh that prints <paramref name="version"/> for <c>ssh -V</c> takes a key exchange
    /// list with <c>^</c> (put first): OpenSSH 8.1 and later. Older ones would refuse the option and
    /// every confirmation would fail; their default puts curve25519 first already.
    /// </summary>
    internal static bool TakesKexPrepend(string version)
    {
        var match = System.Text.RegularExpressions.Regex.Match(version, @"OpenSSH_(\d+)\.(\d+)");
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            && (major, minor).CompareTo((8, 1)) >= 0;
    }

    public SshTransport(SshOptions options)
    {
        this.options = options;
        controlDirectory = Directory.CreateTempSubdirectory("elenta-ssh-").FullName; // 0700: the sockets are ours only
    }

    /// <summary>Where the control sockets are (for the tests).</summary>
    internal string ControlDirectory => controlDirectory;

    /// <summary>Runs <paramref name="command"/> on the machine, with <paramref name="input"/> on its standard input.</summary>
    public RemoteResult Run(DeployTarget target, IReadOnlyList<string> command, byte[]? input = null, TimeSpan? timeout = null) => Run(target, command, input, timeout, fresh: false);

    /// <summary>
    /// Runs <paramref name="command"/> over a connection of its own, not the master: proof that the
    /// machine can still be reached after an activation (the master may have outlived a broken network).
    /// </summary>
    public RemoteResult RunFresh(DeployTarget target, IReadOnlyList<string> command, TimeSpan timeout) => Run(target, command, null, timeout, fresh: true);

    private RemoteResult Run(DeployTarget target, IReadOnlyList<string> command, byte[]? input, TimeSpan? timeout, bool fresh)
    {
        if (!fresh)
        {
            bool first;
            lock (gate)
            {
                first = masters.TryAdd(Socket(target), null);
            }

            if (first && input is null)
            {
                return StartMaster(target, command, timeout ?? TimeSpan.FromMinutes(10));
            }
        }

        var info = new ProcessStartInfo("ssh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in Arguments(target, fresh))
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add("--");
        info.ArgumentList.Add(RemoteCommandLine(command));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ssh");
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
            // The remote side stopped reading (it failed early): its exit code and output say why.
        }

        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new RemoteResult(255, output.Result, error.Result + "\ntimed out");
        }

        return new RemoteResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Opens the machine's master connection with <paramref name="command"/> as its own session's
    /// first work (an ssh process of ours, ControlMaster=yes, ControlPersist=no: no <c>ssh -O exit</c>
    /// to start at the end, no session of its own for the first command, and if the deployer dies
    /// the connection goes with it): its output is read up to a line that only this transport knows (with the
    /// command's exit status), then the session waits (<c>cat</c> on its standard input) until
    /// <see cref="Dispose"/> closes that.
    /// </summary>
    private RemoteResult StartMaster(DeployTarget target, IReadOnlyList<string> command, TimeSpan timeout)
    {
        var socket = Socket(target);
        var marker = "elenta-done-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var script = RemoteCommandLine(command) + "\nprintf '\\n%s %s\\n' " + marker + " \"$?\"\nexec cat > /dev/null";
        var info = new ProcessStartInfo("ssh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in Arguments(target, Connection.OurMaster))
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add("--");
        info.ArgumentList.Add(RemoteCommandLine(["sh", "-c", script]));
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start ssh");
        var errors = new StringBuilder();
        var errorsRead = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await process.StandardError.ReadAsync(buffer)) > 0)
            {
                lock (errors)
                {
                    errors.Append(buffer, 0, n);
                }
            }
        });
        var output = new StringBuilder();
        var needle = "\n" + marker + " ";
        var outputRead = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                output.Append(buffer, 0, n);
                // Only the end can hold the status line: what came in now, with room for a line cut in two.
                var from = Math.Max(0, output.Length - n - needle.Length - 16);
                var tail = output.ToString(from, output.Length - from);
                var at = tail.IndexOf(needle, StringComparison.Ordinal);
                if (at >= 0 && tail.IndexOf('\n', at + needle.Length) is var end and > 0)
                {
                    return (Output: output.ToString(0, from + at), Code: int.Parse(tail.AsSpan(at + needle.Length, end - at - needle.Length), NumberStyles.None, CultureInfo.InvariantCulture));
                }
            }

            return (Output: output.ToString(), Code: -1);
        });

        string Errors()
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }

        if (!outputRead.Wait(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            return new RemoteResult(255, output.ToString(), Errors() + "\ntimed out");
        }

        var (text, code) = outputRead.Result;
        if (code < 0)
        {
            // The connection ended before the command did (ssh failed: no connection, a host key refused).
            process.WaitForExit();
            errorsRead.Wait(TimeSpan.FromSeconds(5));
            var result = new RemoteResult(process.ExitCode, text, Errors());
            process.Dispose();
            return result;
        }

        lock (gate)
        {
            masters[socket] = process;
        }

        if (code != 0)
        {
            Thread.Sleep(100); // what the command wrote on stderr may come after its status line
        }

        return new RemoteResult(code, text, Errors());
    }

    private enum Connection
    {
        /// <summary>Over the machine's master connection (ControlMaster=auto: ssh starts one if there is none).</summary>
        Shared,

        /// <summary>A new connection of its own, not the master's.</summary>
        Fresh,

        /// <summary>The master connection that <see cref="StartMaster"/> opens.</summary>
        OurMaster,
    }

    /// <summary>ssh's options for one machine, up to the destination: over its master connection, or (<paramref name="fresh"/>) a new one of its own.</summary>
    public IReadOnlyList<string> Arguments(DeployTarget target, bool fresh = false) => Arguments(target, fresh ? Connection.Fresh : Connection.Shared);

    private List<string> Arguments(DeployTarget target, Connection connection)
    {
        var fresh = connection == Connection.Fresh;
        var args = new List<string>
        {
            "-o", connection switch { Connection.Fresh => "ControlMaster=no", Connection.OurMaster => "ControlMaster=yes", _ => "ControlMaster=auto" },
            "-o", "ControlPath=" + (fresh ? "none" : Socket(target)),
            // Ours ends when Dispose closes its session; one ssh starts by itself (ControlMaster=auto,
            // when ours is gone) is closed at the end too, and by itself after 120 s idle if the deployer dies.
            "-o", "ControlPersist=" + (connection == Connection.Shared ? "120" : "no"),
            // A machine that stops answering (its link cut) is given up after about 9 s, instead of
            // TCP's minutes; a long quiet command is not (sshd answers these itself).
            "-o", "ServerAliveInterval=3",
            "-o", "ServerAliveCountMax=3",
        };
        if (fresh && KexPrepend.Value)
        {
            // The confirmation carries no site data, only "confirm N": the classic curve25519 key
            // exchange first, instead of OpenSSH 9's post-quantum sntrup761 hybrid, whose key
            // generation costs the client ~0.1 s of CPU, once per machine per deployment (the
            // master connection, which carries the files, keeps ssh's own choice). Authentication
            // is the same either way. An ssh older than 8.1 has no "^" and puts curve25519 first itself.
            args.AddRange(["-o", "KexAlgorithms=^curve25519-sha256,curve25519-sha256@libssh.org"]);
        }

        args.AddRange(
        [
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + options.KnownHosts,
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "HostKeyAlias=" + target.CanonName,
            "-o", "CheckHostIP=no",
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=" + options.ConnectTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            "-o", "LogLevel=ERROR",
            "-p", target.Port.ToString(CultureInfo.InvariantCulture),
            "-l", target.User,
        ]);
        if (options.Identity is { } identity)
        {
            args.AddRange(["-i", identity, "-o", "IdentitiesOnly=yes"]);
        }

        args.Add(target.Address);
        return args;
    }

    /// <summary>
    /// The machine's control socket: its name, or for a long one (a socket's path is limited to 108
    /// bytes) its first 24 characters and a hash of the whole. Never a name cut short alone: two
    /// machines would share one master connection, and the second would skip its own host key check.
    /// </summary>
    private string Socket(DeployTarget target) => Path.Combine(controlDirectory, SocketName(target.Machine));

    internal static string SocketName(string machine) =>
        machine.Length <= 40 ? machine : machine[..24] + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(machine)))[..15];

    /// <summary>An argument vector as one line for the remote shell: every argument single-quoted.</summary>
    public static string RemoteCommandLine(IReadOnlyList<string> command)
    {
        var line = new StringBuilder();
        foreach (var argument in command)
        {
            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append('\'').Append(argument.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
        }

        return line.ToString();
    }

    /// <summary>
    /// Closes every master connection, all at once: ours by closing their sessions' input (one by
    /// one, or with <c>ssh -O exit</c>, 50 machines took seconds), any ssh started by itself with
    /// <c>ssh -O exit</c>; then removes their directory.
    /// </summary>
    public void Dispose()
    {
        List<KeyValuePair<string, Process?>> all;
        lock (gate)
        {
            all = [.. masters];
            masters.Clear();
        }

        foreach (var (_, master) in all)
        {
            try
            {
                master?.StandardInput.Close();
            }
            catch (IOException)
            {
                // It has ended already.
            }
        }

        var deadline = Stopwatch.StartNew();
        foreach (var (_, master) in all)
        {
            if (master is null)
            {
                continue;
            }

            if (!master.WaitForExit((int)Math.Max(0, 5000 - deadline.ElapsedMilliseconds)))
            {
                master.Kill(entireProcessTree: true);
            }

            master.Dispose();
        }

        var closing = new List<Process>();
        foreach (var (socket, _) in all)
        {
            if (!File.Exists(socket))
            {
                continue;
            }

            var info = new ProcessStartInfo("ssh", ["-o", "ControlPath=" + socket, "-O", "exit", "elenta-master"])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (Process.Start(info) is { } process)
            {
                closing.Add(process);
            }
        }

        foreach (var process in closing)
        {
            process.WaitForExit((int)Math.Max(0, 10000 - deadline.ElapsedMilliseconds));
            process.Dispose();
        }

        try
        {
            Directory.Delete(controlDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
