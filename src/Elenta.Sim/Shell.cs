using System.Diagnostics;

namespace Elenta.Sim;

/// <summary>A command the lab ran that failed: what was run, and what it said.</summary>
public sealed class LabException(string message) : Exception(message);

/// <summary>Runs the system's tools (ip, unshare, nsenter...) without a shell in between.</summary>
internal static class Shell
{
    public static string Run(string program, IEnumerable<string> args, string? stdin = null, bool check = true)
    {
        var (code, output, error) = Exec(program, args, stdin);
        if (check && code != 0)
        {
            throw new LabException($"'{program} {string.Join(' ', args)}' failed (exit {code}): {Last(error, output)}");
        }

        return output;
    }

    public static (int Code, string Output, string Error) Exec(string program, IEnumerable<string> args, string? stdin = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new LabException($"could not start '{program}'");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a program on this process's terminal (standard input, output and error) and returns its exit status.</summary>
    public static int Interactive(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new LabException($"could not start '{program}'");
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string Last(string error, string output)
    {
        var text = (error.Trim().Length > 0 ? error : output).Trim();
        return text.Length > 600 ? text[^600..] : text;
    }
}

/// <summary>Signals to processes by id, without a process object per target (sim down kills hundreds at once).</summary>
internal static partial class Signal
{
    public const int SigKill = 9;

    /// <summary>kill(2): 0 when the signal was sent; -1 when the process is gone (or not ours).</summary>
    public static int Kill(int pid, int signal) => kill(pid, signal);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);
}

/// <summary>
/// The wall time of each step of <c>sim up</c> and <c>sim down</c>, said through the progress
/// callback as "timing STEP N ms" when ELENTA_TIMINGS is set (as for check and build); nothing otherwise.
/// </summary>
internal sealed class Timing
{
    private readonly Action<string> say;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private Timing(Action<string> say) => this.say = say;

    public static Timing Start(Action<string>? progress) =>
        new(progress is not null && Environment.GetEnvironmentVariable("ELENTA_TIMINGS") is "1" or "sequential" ? progress : _ => { });

    public void Lap(string step)
    {
        say(FormattableString.Invariant($"timing {step,-12} {clock.Elapsed.TotalMilliseconds,8:F0} ms"));
        clock.Restart();
    }
}
