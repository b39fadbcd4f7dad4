using System.Diagnostics;

namespace Elenta.Report.Graphs;

/// <summary>The outcome of rendering DOT: the picture's bytes, or why Graphviz could not draw it.</summary>
public sealed record Rendered(byte[]? Bytes, string? Error);

/// <summary>Runs Graphviz's <c>dot</c> (Debian's graphviz package) on DOT text.</summary>
public static class Graphviz
{
    /// <summary>The program; ELENTA_DOT names another one (tests and machines where it is elsewhere).</summary>
    public static string Program => Environment.GetEnvironmentVariable("ELENTA_DOT") ?? "dot";

    /// <summary>Renders to <c>svg</c> or <c>png</c>.</summary>
    public static Rendered Render(string dot, string format)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-T" + format);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new Rendered(null, $"cannot run Graphviz's '{Program}' ({ex.Message}); install it (Debian: apt-get install graphviz) or ask for --format dot");
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            process.StandardInput.Write(dot);
            process.StandardInput.Close();
            copy.GetAwaiter().GetResult();
            process.WaitForExit();
            var stderr = errors.GetAwaiter().GetResult().Trim();
            return process.ExitCode == 0
                ? new Rendered(output.ToArray(), null)
                : new Rendered(null, $"'{Program} -T{format}' failed (exit {process.ExitCode}): {stderr}");
        }
    }
}
