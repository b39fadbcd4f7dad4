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
    private readonly HashSet<string> masters = [];
    private readonly Lock gate = new();

    public SshTransport(SshOptions options)
    {
        this.options = options;
        controlDirectory = Directory.CreateTempSubdirectory("elenta-ssh-").FullName; // 0700: the sockets are ours only
    }

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
            lock (gate)
            {
                masters.Add(Socket(target));
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

    /// <summary>ssh's options for one machine, up to the destination: over its master connection, or (<paramref name="fresh"/>) a new one of its own.</summary>
    public IReadOnlyList<string> Arguments(DeployTarget target, bool fresh = false)
    {
        var args = new List<string>
        {
            "-o", fresh ? "ControlMaster=no" : "ControlMaster=auto",
            "-o", "ControlPath=" + (fresh ? "none" : Socket(target)),
            "-o", "ControlPersist=" + (fresh ? "no" : "120"), // closed at the end; if the deployer dies, they go by themselves
            // A machine that stops answering (its link cut) is given up after about 9 s, instead of
            // TCP's minutes; a long quiet command is not (sshd answers these itself).
            "-o", "ServerAliveInterval=3",
            "-o", "ServerAliveCountMax=3",
        };
        if (fresh)
        {
            // The confirmation carries no site data, only "confirm N": the classic curve25519 key
            // exchange first, instead of OpenSSH 9's post-quantum sntrup761 hybrid, whose key
            // generation costs the client ~0.1 s of CPU, once per machine per deployment (the
            // master connection, which carries the files, keeps ssh's own choice). Authentication
            // is the same either way.
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

    private string Socket(DeployTarget target) => Path.Combine(controlDirectory, target.Machine.Length <= 40 ? target.Machine : target.Machine[..40]);

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

    /// <summary>Closes every master connection (all at once: one by one, 50 machines took seconds) and removes their directory.</summary>
    public void Dispose()
    {
        var closing = new List<Process>();
        foreach (var socket in masters)
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

        var deadline = Stopwatch.StartNew();
        foreach (var process in closing)
        {
            process.WaitForExit((int)Math.Max(0, 5000 - deadline.ElapsedMilliseconds));
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
