using System.Diagnostics;
using System.Globalization;

namespace Elenta.Cli.Tests.Support;

/// <summary>
/// A real PostgreSQL server from Debian's packages (postgresql), made for one test: a cluster in a
/// temporary directory (initdb, as the postgres user), started with pg_ctl inside a network namespace
/// the test made (a lab machine's: it listens on that namespace's 127.0.0.1 only) and on a unix
/// socket in its directory (for the test itself). Password authentication over TCP, trust on the
/// socket. Disposing stops it and removes the cluster, whatever happened.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string User = "elenta";
    public const string Database = "elenta";

    private readonly string bin;

    /// <param name="netnsPid">A process whose network namespace the server listens in.</param>
    public PostgresServer(int netnsPid)
    {
        bin = System.IO.Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault() ?? throw new InvalidOperationException("no PostgreSQL server under /usr/lib/postgresql: scripts/install-deps.sh installs it (postgresql)");
        Directory = System.IO.Directory.CreateTempSubdirectory("elenta-pg-").FullName;
        Port = Random.Shared.Next(20000, 30000);
        Password = Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllText(Path.Combine(Directory, "password"), Password + "\n");
            Run("chown", "-R", "postgres:postgres", Directory);
            Run("chmod", "0700", Directory);
            Run("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", DataDirectory, "-U", User, "--pwfile", Path.Combine(Directory, "password"),
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync");
            Run("nsenter", "-t", netnsPid.ToString(CultureInfo.InvariantCulture), "-n", "--",
                "runuser", "-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(Directory, "log"), "-w", "-t", "60",
                "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {Directory} -c fsync=off", "start");
            Run("runuser", "-u", "postgres", "--", Path.Combine(bin, "createdb"), "-h", Directory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, Database);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The cluster's directory: data/, log, and the unix socket.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public int Port { get; }

    public string Password { get; }

    /// <summary>The connection string of the site's state: setting: no password (that comes from ~/.pgpass).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database={Database};Username={User}";

    /// <summary>For the test itself, on the unix socket (trust).</summary>
    public string SocketConnectionString => $"Host={Directory};Port={Port};Database={Database};Username={User};Pooling=false";

    /// <summary>The ~/.pgpass line that gives the password.</summary>
    public string PgPassLine => $"127.0.0.1:{Port}:{Database}:{User}:{Password}";

    public string Log => File.Exists(Path.Combine(Directory, "log")) ? File.ReadAllText(Path.Combine(Directory, "log")) : string.Empty;

    private static string Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {output}{error.Result}");
        }

        return output;
    }

    public void Dispose()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile))
        {
            try
            {
                Run("runuser", "-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
            }
            catch (InvalidOperationException)
            {
                // pg_ctl could not stop it: the postmaster's pid is the first line of its pid file.
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
                {
                    try
                    {
                        Process.GetProcessById(pid).Kill(entireProcessTree: true);
                    }
                    catch (ArgumentException)
                    {
                    }
                }
            }
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
