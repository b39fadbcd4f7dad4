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
