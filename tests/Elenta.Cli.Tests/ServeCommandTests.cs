using System.Net;
using System.Net.Sockets;
using Elenta.Cli.Tests.Support;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary><c>elenta serve</c>'s start: a port that is taken is said so, with the way out, not as an internal error.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("/home/op/.config/lab", "/home/op/.config/lab/cadaster/hosts.yaml", true)] // a site under a hidden directory is watched
    [InlineData("/srv/lab", "/srv/lab/cadaster/hosts.yaml", true)]
    [InlineData("/srv/lab", "/srv/lab/.git/index", false)]
    [InlineData("/srv/lab", "/srv/lab/.elenta/build/manifest.json", false)]
    [InlineData("/srv/lab", "/srv/lab/roles/.core.yaml.swp", false)]
    public void AChangeMattersUnlessItIsHiddenBelowTheWatchedDirectory(string root, string path, bool matters) =>
        Assert.Equal(matters, Elenta.Cli.Commands.ServeCommand.SiteWatchers.Matters(root, path));

    [Fact]
    public async Task APortAlreadyInUseIsRefusedWithTheWayOut()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var site = Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city");
            var run = await Task.Run(() => CliRunner.Run(CliRunner.RepoRoot, "serve", site, "--port", port)).WaitAsync(TimeSpan.FromSeconds(120));
            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"cannot listen on 127.0.0.1:{port}", run.Err);
            Assert.Contains("choose another with --port", run.Err);
            Assert.DoesNotContain("internal error", run.Err);
        }
        finally
        {
            taken.Stop();
        }
    }
}
