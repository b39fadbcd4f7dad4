using System.Diagnostics;
using System.Text;

namespace Elenta.Cli.Tests.Support;

/// <summary>
/// A daemon one test starts in the foreground (nsd -d, unbound -d): what it prints is kept for
/// failure messages, and disposing kills it, so use it with <c>using</c> even when the test fails.
/// </summary>
public sealed class Daemon : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private Daemon(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

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

    public static Daemon Start(string name, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        var daemon = new Daemon(name, Process.Start(start)!);
        daemon.process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        daemon.process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        daemon.process.BeginOutputReadLine();
        daemon.process.BeginErrorReadLine();
        return daemon;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
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
    }
}
