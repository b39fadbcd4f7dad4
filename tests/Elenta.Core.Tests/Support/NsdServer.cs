using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// A real NSD for one test: its own temporary directory and configuration, listening on a free port
/// of 127.0.0.1 only, in the foreground as a child process. Disposing stops it and removes the
/// directory, so use it with <c>using</c> even when the test fails. Zones are given as
/// (origin, zone file text); an optional extra fragment (an elenta nsd.conf, say) is included as is,
/// and its zone files are looked up under the zonesdir, which is <see cref="Directory"/>.
/// </summary>
public sealed class NsdServer : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private NsdServer(string directory, int port, Process process)
    {
        Directory = directory;
        Port = port;
        this.process = process;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>What NSD printed so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>
    /// Writes the zones (each to zones/&lt;origin&gt;.zone with a zone clause), the extra files
    /// (relative path → text, e.g. the elenta zone files under elenta/) and the fragment, starts NSD
    /// and waits until it answers the SOA query of <paramref name="probeZone"/>.
    /// </summary>
    public static NsdServer Start(IReadOnlyDictionary<string, string> zones, string probeZone, string? fragment = null, IReadOnlyDictionary<string, string>? files = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "elenta-nsd-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "zones"));
        foreach (var (relative, text) in files ?? new Dictionary<string, string>())
        {
            var path = Path.Combine(dir, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        var port = NsdTools.FreePort();
        var conf = new StringBuilder(Config(dir, port));
        foreach (var (origin, text) in zones)
        {
            File.WriteAllText(Path.Combine(dir, "zones", origin + ".zone"), text);
            conf.Append($"zone:\n\tname: \"{origin}\"\n\tzonefile: \"zones/{origin}.zone\"\n");
        }

        if (fragment is not null)
        {
            File.WriteAllText(Path.Combine(dir, "fragment.conf"), fragment);
            conf.Append($"include: \"{Path.Combine(dir, "fragment.conf")}\"\n");
        }

        var confPath = Path.Combine(dir, "nsd.conf");
        File.WriteAllText(confPath, conf.ToString());

        var start = new ProcessStartInfo("nsd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-d", "-c", confPath })
        {
            start.ArgumentList.Add(a);
        }

        var p = Process.Start(start)!;
        var server = new NsdServer(dir, port, p);
        p.OutputDataReceived += (_, e) => server.Append(e.Data);
        p.ErrorDataReceived += (_, e) => server.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        try
        {
            server.WaitUntilAnswering(probeZone);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>A whole nsd.conf server section for a loopback-only NSD in <paramref name="dir"/>.</summary>
    public static string Config(string dir, int port) => string.Create(CultureInfo.InvariantCulture, $"""
        server:
        	ip-address: 127.0.0.1@{port}
        	port: {port}
        	do-ip4: yes
        	do-ip6: no
        	server-count: 1
        	username: ""
        	chroot: ""
        	zonesdir: "{dir}"
        	pidfile: "{dir}/nsd.pid"
        	xfrdfile: "{dir}/xfrd.state"
        	zonelistfile: "{dir}/zone.list"
        	database: ""
        	logfile: "{dir}/nsd.log"
        	xfrdir: "{dir}"
        	verbosity: 1
        remote-control:
        	control-enable: no

        """);

    /// <summary>
    /// The zone clauses of a generated nsd.conf with only their name and zone file: the rest (the
    /// server's own addresses, its remote control, its TSIG peers) is for the real machine, not for
    /// a loopback NSD that only answers from the zone files.
    /// </summary>
    public static string ZoneClauses(string nsdConf)
    {
        var sb = new StringBuilder();
        foreach (var line in nsdConf.Split('\n'))
        {
            if (line == "zone:" || line.StartsWith("\tname:", StringComparison.Ordinal) || line.StartsWith("\tzonefile:", StringComparison.Ordinal))
            {
                sb.Append(line).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>dig +short against this server.</summary>
    public IReadOnlyList<string> Query(string name, string type)
    {
        var run = NsdTools.Dig(Port, name, type);
        Assert.True(run.ExitCode == 0, $"dig {name} {type} failed:\n{run.Output}\nNSD:\n{Log}");
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private void WaitUntilAnswering(string zone)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nsd exited with {process.ExitCode}:\n{Log}\n{ReadLogFile()}");
            }

            var run = NsdTools.Dig(Port, zone, "SOA");
            if (run.ExitCode == 0 && run.Output.Trim().Length > 0)
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"nsd did not answer for {zone} on 127.0.0.1:{Port}:\n{Log}\n{ReadLogFile()}");
    }

    private string ReadLogFile()
    {
        var path = Path.Combine(Directory, "nsd.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
