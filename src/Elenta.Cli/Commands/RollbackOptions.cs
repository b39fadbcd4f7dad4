using System.CommandLine;
using Elenta.Deploy.Health;

namespace Elenta.Cli.Commands;

/// <summary>deploy's and switch's automatic rollback: <c>--no-rollback</c> and <c>--confirm-timeout</c>.</summary>
internal sealed class RollbackOptions
{
    public Option<bool> NoRollback { get; } = new("--no-rollback") { Description = "Never roll a machine back by itself: no confirmation through a new connection, and a failed health check leaves the new generation active" };

    public Option<int> ConfirmTimeout { get; } = new("--confirm-timeout")
    {
        Description = "Seconds a machine waits, after activation, for the deployer to confirm over a new ssh connection before it goes back to its previous generation",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => RollbackPolicy.DefaultConfirmSeconds,
    };

    public RollbackOptions()
    {
        ConfirmTimeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 5)
            {
                result.AddError("--confirm-timeout must be at least 5 seconds: a new ssh connection takes a moment");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(NoRollback);
        command.Options.Add(ConfirmTimeout);
    }

    public RollbackPolicy Of(ParseResult parse) => new(!parse.GetValue(NoRollback), parse.GetValue(ConfirmTimeout));
}
