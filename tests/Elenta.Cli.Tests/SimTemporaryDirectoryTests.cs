using Elenta.Cli.Commands;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// <c>sim up</c> builds the site, and makes the lab's TSIG keys, in temporary directories named
/// with its process id; the next <c>sim up</c> removes those a killed one left an hour or more ago, and no other.
/// </summary>
public sealed class SimTemporaryDirectoryTests
{
    [Fact]
    public void TheDirectoriesOfAKilledSimUpAreRemovedAndThoseOfARunningOneKept()
    {
        var tag = Guid.NewGuid().ToString("N");
        // No process has this id (above the kernel's largest), and process 1 always runs.
        var gone = Path.Combine(Path.GetTempPath(), $"{SimCommand.TemporaryDirectory.Prefix}2147483646-{tag}");
        var running = Path.Combine(Path.GetTempPath(), $"{SimCommand.TemporaryDirectory.Prefix}1-{tag}");
        var notOurs = Path.Combine(Path.GetTempPath(), $"{SimCommand.TemporaryDirectory.Prefix}x-{tag}");
        // Its process gone, but written to a minute ago: perhaps a sim up of another process namespace.
        var recent = Path.Combine(Path.GetTempPath(), $"{SimCommand.TemporaryDirectory.Prefix}2147483645-{tag}");
        var all = new[] { gone, running, notOurs, recent };
        try
        {
            foreach (var dir in all)
            {
                Directory.CreateDirectory(Path.Combine(dir, "tsig"));
                File.WriteAllText(Path.Combine(dir, "tsig", "elenta-xfr.key"), "secret\n");
                Directory.SetLastWriteTimeUtc(dir, DateTime.UtcNow - (dir == recent ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(2)));
            }

            using (var own = new SimCommand.TemporaryDirectory())
            {
                Assert.StartsWith($"{SimCommand.TemporaryDirectory.Prefix}{Environment.ProcessId}-", Path.GetFileName(own.Path), StringComparison.Ordinal);
                Assert.True(SimCommand.TemporaryDirectory.RemoveLeftovers() >= 1);
                Assert.True(Directory.Exists(own.Path));
            }

            Assert.False(Directory.Exists(gone));
            Assert.True(Directory.Exists(running));
            Assert.True(Directory.Exists(notOurs));
            Assert.True(Directory.Exists(recent));
        }
        finally
        {
            foreach (var dir in all)
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }
}
