using System.Diagnostics;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// Runs an installed program (nsd-checkzone, dig, dnsmasq, kea-dhcp4, nginx, ssh-keygen, bash,
/// virt-xml-validate, nix-instantiate...) to completion and captures what it printed, so a failing
/// test shows it. A program that hangs is killed after the timeout and the test fails.
/// </summary>
public static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Both streams, standard output first.</summary>
        public string Output => Stdout + Stderr;

        public void AssertOk(string what) => Assert.True(ExitCode == 0, $"{what} failed (exit {ExitCode}):\n{Output}");

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static Result Run(string program, params string[] arguments) => Run(program, arguments, workingDirectory: null);

    /// <summary>Runs the program in <paramref name="workingDirectory"/> (default: the temp directory) with extra environment variables.</summary>
    public static Result Run(string program, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in {limit.TotalSeconds} s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
