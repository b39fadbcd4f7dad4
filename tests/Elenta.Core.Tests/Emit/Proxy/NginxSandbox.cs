using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Elenta.Core.Tests.Emit.Proxy;

/// <summary>
/// A throw-away nginx: a temp directory holding an nginx.conf that includes given conf.d files at
/// http level, with pid, logs and temp paths inside the directory. <see cref="Test"/> runs
/// <c>nginx -t</c> (which binds nothing); <see cref="Start"/> runs nginx in the foreground as a single
/// process, so the test owns exactly one process and kills it on dispose.
/// </summary>
internal sealed class NginxSandbox : IDisposable
{
    private readonly List<string> includes = [];
    private Process? running;

    public NginxSandbox()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("elenta-nginx-").FullName;
    }

    public string Directory { get; }

    private string Config => Path.Combine(Directory, "nginx.conf");

    private string ErrorLog => Path.Combine(Directory, "error.log");

    public NginxSandbox Include(string fileName, string text)
    {
        File.WriteAllText(Path.Combine(Directory, fileName), text);
        includes.Add(fileName);
        return this;
    }

    public ExternalTool.Result Test()
    {
        WriteConfig();
        return ExternalTool.Run("nginx", "-t", "-p", Directory + "/", "-c", Config, "-e", ErrorLog);
    }

    /// <summary>Starts nginx and waits until <paramref name="port"/> on 127.0.0.1 accepts connections.</summary>
    public void Start(int port)
    {
        WriteConfig();
        var start = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", Directory + "/", "-c", Config, "-e", ErrorLog })
        {
            start.ArgumentList.Add(arg);
        }

        running = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (running.HasExited)
            {
                throw new InvalidOperationException("nginx exited: " + running.StandardError.ReadToEnd() + ReadErrorLog());
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new TimeoutException("nginx did not listen in 10 s: " + ReadErrorLog());
    }

    /// <summary>
    /// Starts nginx inside a network namespace the test made (<c>ip netns exec</c>), where it may
    /// listen on every address of the namespace; the caller waits for it from inside too.
    /// </summary>
    public void StartIn(string netns)
    {
        WriteConfig();
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "netns", "exec", netns, "nginx", "-p", Directory + "/", "-c", Config, "-e", ErrorLog })
        {
            start.ArgumentList.Add(arg);
        }

        running = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
    }

    public bool HasExited => running is { HasExited: true };

    public string ReadErrorLog() => File.Exists(ErrorLog) ? File.ReadAllText(ErrorLog) : string.Empty;

    public void Dispose()
    {
        if (running is { HasExited: false })
        {
            running.Kill(entireProcessTree: true);
            running.WaitForExit(5000);
        }

        running?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is harmless
        }
    }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private void WriteConfig()
    {
        var text = new StringBuilder();
        text.Append("pid ").Append(Path.Combine(Directory, "nginx.pid")).Append(";\n");
        text.Append("error_log ").Append(ErrorLog).Append(";\n");
        text.Append("daemon off;\nmaster_process off;\n");
        text.Append("events { worker_connections 64; }\n");
        text.Append("http {\n    access_log off;\n");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            text.Append("    ").Append(temp).Append("_temp_path ").Append(Path.Combine(Directory, temp)).Append(";\n");
        }

        foreach (var include in includes)
        {
            text.Append("    include ").Append(Path.Combine(Directory, include)).Append(";\n");
        }

        text.Append("}\n");
        File.WriteAllText(Config, text.ToString());
    }
}
