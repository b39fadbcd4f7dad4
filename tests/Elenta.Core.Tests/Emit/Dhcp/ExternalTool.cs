using System.Diagnostics;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>Runs a real program (dnsmasq, kea-dhcp4) to check an artifact, with a timeout.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}:\n{Output}";
    }

    public static Result Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 30 s");
        }

        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Writes text to a fresh temporary directory and hands back the file's path; the caller deletes the directory.</summary>
    public static string WriteTemp(string directory, string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "elenta-dhcp-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>dnsmasq's own syntax check: reads only this file (no /etc/dnsmasq.conf).</summary>
    public static Result DnsmasqTest(string file) => Run("dnsmasq", "--test", "--conf-file=" + file);

    /// <summary>Kea's configuration check: parses and fully validates, including class expressions.</summary>
    public static Result KeaTest(string file) => Run("kea-dhcp4", "-t", file);
}
