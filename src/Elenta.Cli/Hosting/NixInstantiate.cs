using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Elenta.Core.Loading;

namespace Elenta.Cli.Hosting;

/// <summary>Evaluates .nix site files with <c>nix-instantiate --eval --strict --json</c>.</summary>
internal sealed partial class NixInstantiate : INixEvaluator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public NixEvaluation Evaluate(string path)
    {
        var start = new ProcessStartInfo("nix-instantiate")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--eval", "--strict", "--json", "--option", "build-users-group", string.Empty, path })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return NixEvaluation.NotInstalled;
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return NixEvaluation.Failure($"evaluation did not finish within {Timeout.TotalSeconds} seconds");
            }

            if (process.ExitCode == 0)
            {
                return NixEvaluation.Success(stdout.Result);
            }

            var lines = stderr.Result.Split('\n')
                .Where(l => !l.StartsWith("warning:", StringComparison.Ordinal))
                .ToList();
            var message = string.Join(' ', lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).Select(l => l["error:".Length..].Trim()));
            if (message.Length == 0)
            {
                message = string.Join(' ', lines.Select(l => l.Trim()).Where(l => l.Length > 0).Take(3));
            }

            var at = At().Match(stderr.Result);
            if (at.Success && Path.GetFullPath(at.Groups[1].Value) == Path.GetFullPath(path))
            {
                return NixEvaluation.Failure(message, int.Parse(at.Groups[2].Value), int.Parse(at.Groups[3].Value));
            }

            return NixEvaluation.Failure(message);
        }
    }

    [GeneratedRegex(@"at (/[^\s:]+):(\d+):(\d+):")]
    private static partial Regex At();
}
