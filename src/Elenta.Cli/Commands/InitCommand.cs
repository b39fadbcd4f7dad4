using System.CommandLine;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta init [DIR]</c>: write a commented starter site that checks and builds.</summary>
internal static class InitCommand
{
    private const string ResourcePrefix = "starter/";

    public static Command Create(CliContext context)
    {
        var directory = new Argument<string?>("DIR")
        {
            Description = "Where to write the site (created if needed); the current directory when omitted",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("init",
            """
            Write a small, commented starter site: two machines on one network, two roles and a
            constellation placing them. It checks with no error and builds; edit it from there.
            Refuses to write over an existing site (a directory that has elenta.yaml).

            Examples:
              elenta init my-lab
              elenta check my-lab
              elenta build my-lab --out out
            """);
        command.Arguments.Add(directory);
        command.SetAction(parse =>
        {
            var given = parse.GetValue(directory) ?? ".";
            var target = Path.GetFullPath(given, context.WorkingDirectory);
            var files = StarterFiles();
            if (File.Exists(target))
            {
                context.Err.WriteLine($"elenta: '{given}' is a file; give a directory for the new site (it is created if needed)");
                return 1;
            }

            if (File.Exists(Path.Combine(target, "elenta.yaml")))
            {
                context.Err.WriteLine($"elenta: '{given}' already holds a site (elenta.yaml); init writes a new site only, so choose an empty or new directory");
                return 1;
            }

            if (files.Select(f => f.Name).FirstOrDefault(name => File.Exists(Path.Combine(target, name))) is { } clash)
            {
                context.Err.WriteLine($"elenta: '{Path.Combine(given, clash)}' exists and init would overwrite it; choose an empty or new directory");
                return 1;
            }

            Directory.CreateDirectory(target);
            foreach (var (name, text) in files)
            {
                // CreateNew: a file that appeared since the check above is still not overwritten.
                using var stream = new FileStream(Path.Combine(target, name), FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(stream);
                writer.Write(text);
            }

            // Pasted into a shell as they stand: quoted, and a name that starts with '-' is no option.
            var site = given == "." ? string.Empty : " " + Elenta.Core.Emit.Disks.ShellWord.Quote(given.StartsWith('-') ? "./" + given : given);
            context.Out.WriteLine($"wrote a starter site into {given}: {string.Join(", ", files.Select(f => f.Name))}");
            context.Out.WriteLine("next:");
            context.Out.WriteLine($"  elenta check{site}");
            context.Out.WriteLine("    (it warns EL8007 until each machine's ssh.hostKey is filled in: see cadaster.yaml)");
            context.Out.WriteLine($"  elenta build{site} --out out");
            context.Out.WriteLine($"  elenta show host server1{(site.Length == 0 ? string.Empty : " --site" + site)}");
            return 0;
        });
        return command;
    }

    /// <summary>The starter site's files, by name, in a stable order (elenta.yaml first).</summary>
    private static IReadOnlyList<(string Name, string Text)> StarterFiles()
    {
        var assembly = typeof(InitCommand).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (Name: n[ResourcePrefix.Length..], Text: reader.ReadToEnd());
            })
            .OrderBy(f => f.Name == "elenta.yaml" ? 0 : 1)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }
}
