using System.CommandLine;
using Elenta.Deploy;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta rollback</c>: re-activate a generation a machine already holds.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliContext context)
    {
        var options = new DeployOptions();
        var to = new Option<int?>("--to") { Description = "The generation to go back to (default: the one before the current)", HelpName = "N" };
        var format = new Option<string>("--format", "-f") { Description = "text, or json", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var restore = new Option<bool>("--restore") { Description = "Then run the restore commands of the machine's roles (their restore: lists)" };
        var command = new Command("rollback",
            """
            Re-activate a previous generation on each targeted machine, byte for byte as it was
            installed (the machine keeps every generation's files), now and as the boot default.
            With --restore, the restore commands of the machine's roles run once it is active
            (their backup commands ran before each activation). Needs a target (--on, --canon or
            --constellation).

            Examples:
              elenta rollback --on toto
              elenta rollback --canon toto.canon --to 3
              elenta rollback --on randy --restore
            """);
        options.AddTo(command, withRev: false, targetRequired: true);
        command.Options.Add(to);
        command.Options.Add(format);
        command.Options.Add(restore);
        command.SetAction(parse =>
        {
            if (parse.GetValue(options.On) is not { Length: > 0 } && parse.GetValue(options.Canon) is null && parse.GetValue(options.Constellation) is null)
            {
                context.Err.WriteLine("elenta: rollback needs its machines named: --on NAME, --canon NAME or --constellation NAME");
                return 1;
            }

            var display = new DeployOptions.ProgressDisplay(context);
            using var prepared = options.Prepare(context, parse, display.Report);
            if (prepared is null)
            {
                return 1;
            }

            using var deployer = new Deployer(prepared.Session);
            var outcomes = display.Run(() => deployer.Rollback(prepared.Targets, parse.GetValue(to), parse.GetValue(restore)));
            return DeployCommand.Summary(context, "rollback", outcomes, parse.GetValue(format) == "json");
        });
        return command;
    }
}
