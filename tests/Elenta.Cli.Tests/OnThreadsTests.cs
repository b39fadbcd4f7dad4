using Elenta.Deploy;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>Waiting work side by side on threads of its own (the deployer's machines, the resolver's names).</summary>
public sealed class OnThreadsTests
{
    [Fact]
    public void ResultsKeepTheItemsOrderWhateverFinishesFirst()
    {
        var items = Enumerable.Range(0, 40).ToList();
        // The later items finish first.
        var results = OnThreads.Map(items, 8, i =>
        {
            Thread.Sleep((40 - i) % 7);
            return i * 10;
        });
        Assert.Equal(items.Select(i => i * 10), results);
    }

    [Fact]
    public void AWorkersExceptionIsThrownToTheCallerOnceTheOthersAreDone()
    {
        var done = 0;
        var e = Assert.Throws<InvalidOperationException>(() => OnThreads.Map(Enumerable.Range(0, 20).ToList(), 4, i =>
        {
            if (i == 5)
            {
                throw new InvalidOperationException("item 5");
            }

            Interlocked.Increment(ref done);
            return i;
        }));
        Assert.Equal("item 5", e.Message);
        Assert.Equal(19, done); // the other workers went on to the end
    }
}
