using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Elenta.Core.Semantics;

namespace Elenta.Cli;

/// <summary>
/// A command line that does not parse: one line saying what is wrong (with "did you mean" when a
/// name is close to a real one) and a pointer to the help, instead of System.CommandLine's error
/// list followed by the whole help text.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The first problem with the command line, or null when it is fine to run.</summary>
    public static string? Find(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);

        // A mistyped subcommand comes first: the options after it belong to the command it meant
        // (`show hots toto --site x` is about 'hots', not about --site).
        if (command.Subcommands.Count > 0 && parse.CommandResult.Tokens.Count == 0
            && parse.UnmatchedTokens.FirstOrDefault() is { } word && !LooksLikeOption(word) && parse.Tokens.FirstOrDefault(t => t.Value == word) is { } first
            && parse.Tokens.TakeWhile(t => !ReferenceEquals(t, first)).All(t => t.Type != TokenType.Argument || !LooksLikeOption(t.Value)))
        {
            return UnknownSubcommand(command, word, path);
        }

        // A word that looks like an option but is none is taken by System.CommandLine as a value
        // when the command has an argument (`check --formt` would check a site named --formt):
        // unless it comes after `--`, it is a mistyped option.
        foreach (var token in parse.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash))
        {
            if (token.Type == TokenType.Argument && LooksLikeOption(token.Value))
            {
                return UnknownOption(token.Value, parse.CommandResult, path);
            }
        }

        if (parse.Errors.Count == 0)
        {
            return SiteTwice(parse, path);
        }

        if (parse.UnmatchedTokens.FirstOrDefault() is { } unmatched)
        {
            if (LooksLikeOption(unmatched))
            {
                return UnknownOption(unmatched, parse.CommandResult, path);
            }

            if (command.Subcommands.Count > 0 && parse.CommandResult.Tokens.Count == 0)
            {
                return UnknownSubcommand(command, unmatched, path);
            }

            return $"unexpected argument '{unmatched}' for '{path}'\n  see '{path} --help'";
        }

        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            return command is RootCommand
                ? $"say which command to run: {Names(command)}\n  see 'elenta --help', or 'elenta COMMAND --help' for one command"
                : $"'{path}' needs one of: {Names(command)}\n  see '{path} --help'";
        }

        if (command.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0 && parse.GetResult(a) is not { Tokens.Count: > 0 }) is { } missing)
        {
            return $"'{path}' needs {missing.Name}: {missing.Description}\n  see '{path} --help'";
        }

        // System.CommandLine's own message ("Argument 'xml' not recognized. Must be one of: ..."), on one line.
        var lines = parse.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var message = string.Join(' ', lines).Replace("' '", "', '", StringComparison.Ordinal).TrimEnd('.');
        if (System.Text.RegularExpressions.Regex.Match(message, "^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'$") is { Success: true } typed)
        {
            // Not the CLR's name of the type ("System.Nullable`1[System.UInt32]"): what the option takes.
            return $"{typed.Groups[2].Value} takes {Expected(typed.Groups[3].Value)}, not '{typed.Groups[1].Value}'\n  see '{path} --help'";
        }

        return $"{char.ToLower(message[0], CultureInfo.InvariantCulture)}{message[1..]}\n  see '{path} --help'";
    }

    private static string Expected(string clrType) => clrType.Replace("System.Nullable`1[", string.Empty, StringComparison.Ordinal).TrimEnd(']') switch
    {
        "System.UInt32" => "a whole number from 0 to 4294967295",
        "System.UInt16" => "a whole number from 0 to 65535",
        "System.Int32" => "a whole number",
        "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        var other => "a value of type " + other[(other.LastIndexOf('.') + 1)..],
    };

    /// <summary>The site given both as the SITE argument and with --site: which one is meant cannot be told.</summary>
    private static string? SiteTwice(ParseResult parse, string path)
    {
        var argument = parse.CommandResult.Command.Arguments.FirstOrDefault(a => a.Name == "SITE");
        var option = parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--site");
        return argument is not null && option is not null && parse.GetResult(argument) is { Tokens.Count: > 0 } a && parse.GetResult(option) is { Tokens.Count: > 0 } o
            && Path.TrimEndingDirectorySeparator(Path.GetFullPath(a.Tokens[0].Value)) != Path.TrimEndingDirectorySeparator(Path.GetFullPath(o.Tokens[0].Value))
            ? $"the site is given twice, as '{a.Tokens[0].Value}' and with --site '{o.Tokens[0].Value}': give it once\n  see '{path} --help'"
            : null;
    }

    private static string UnknownSubcommand(Command command, string word, string path)
    {
        var suggestion = Suggest.Closest(word, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        var what = command is RootCommand ? $"unknown command '{word}'" : $"'{path}' has no subcommand '{word}'";
        return what + DidYouMean(suggestion) + $"\n  {(command is RootCommand ? "commands" : "subcommands")}: {Names(command)}; see '{path} --help'";
    }

    private static string UnknownOption(string token, CommandResult at, string path)
    {
        var names = new List<string>();
        for (var result = at; result is not null; result = result.Parent as CommandResult)
        {
            foreach (var option in result.Command.Options.Where(o => !o.Hidden && (ReferenceEquals(result, at) || o.Recursive)))
            {
                names.Add(option.Name);
                names.AddRange(option.Aliases);
            }
        }

        // Only long names are suggested: every one-letter option is one edit away from any other.
        var name = token.Split('=', 2)[0];
        var longName = name.StartsWith("--", StringComparison.Ordinal) ? name : name.Length > 2 ? "-" + name : null;
        var suggestion = longName is null ? null : Suggest.Closest(longName, names.Where(n => n.StartsWith("--", StringComparison.Ordinal)));
        return $"unknown option '{name}' for '{path}'" + DidYouMean(suggestion) + $"\n  see '{path} --help'";
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string DidYouMean(string? suggestion) => suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";

    private static string Names(Command command) => string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    /// <summary>"elenta show host": the command as typed, whatever the executable is called.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as CommandResult)
        {
            names.Add(r.Command is RootCommand ? "elenta" : r.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
