using Elenta.Core.Loading;

namespace Elenta.Core.Tests.Loading;

public sealed class SiteFileReadingTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("elenta-read-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(int length)
    {
        var path = Path.Combine(dir, $"f{length}");
        File.WriteAllBytes(path, Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray());
        return path;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(10, 10)]
    [InlineData(10, 11)]
    [InlineData(10, 64)]
    [InlineData(100_000, 4096)]
    public void ReadsTheWholeFileWhateverTheBufferHolds(int length, int bufferLength)
    {
        var path = Write(length);
        var buffer = Enumerable.Repeat((byte)0xFF, bufferLength).ToArray();

        var read = SiteFileReading.ReadInto(path, ref buffer);

        Assert.Equal(length, read);
        Assert.Equal(File.ReadAllBytes(path), buffer.AsSpan(0, read).ToArray());
    }

    [Fact]
    public void ABufferLargeEnoughIsReusedAndOnlyItsFrontIsTheFile()
    {
        var buffer = new byte[1024];
        var first = buffer;
        var small = SiteFileReading.ReadInto(Write(10), ref buffer);
        var larger = SiteFileReading.ReadInto(Write(300), ref buffer);
        var again = SiteFileReading.ReadInto(Write(20), ref buffer);

        Assert.Same(first, buffer);
        Assert.Equal((10, 300, 20), (small, larger, again));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "f20")), buffer.AsSpan(0, again).ToArray());
    }

    [Fact]
    public void TheInterfacesOwnReadCopiesSoTheBufferNeverAliasesAStoredFile()
    {
        var stored = new byte[] { 1, 2, 3 };
        ISiteFileSystem files = new InMemoryFileSystem().Add("/site/a.yaml", stored);
        byte[] buffer = [];

        var read = files.ReadInto("/site/a.yaml", ref buffer);
        buffer[0] = 9;

        Assert.Equal(3, read);
        Assert.Equal([1, 2, 3], stored);
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(10, 11)]
    [InlineData(10, 10)] // no room for one byte more: read as not fitting
    [InlineData(10, 4)]
    [InlineData(100_000, 100_001)]
    public void ReadsIntoASpanOrSaysItDoesNotFit(int length, int room)
    {
        var path = Write(length);
        var destination = new byte[room];

        var read = SiteFileReading.ReadInto(path, destination);

        Assert.Equal(room > length ? length : -1, read);
        if (read >= 0)
        {
            Assert.Equal(File.ReadAllBytes(path), destination.AsSpan(0, read).ToArray());
        }
    }

    [Fact]
    public void ALargeFileIsLentFromMemoryOfItsOwnOnDiskAndInMemoryAlike()
    {
        // Over the kept buffer's 4 MiB: read outside the collected heap, freed after the loan.
        const int length = (5 << 20) + 3;
        var path = Write(length);
        var expected = File.ReadAllBytes(path);
        ISiteFileSystem disk = new Support.DiskFileSystem();
        ISiteFileSystem memory = new InMemoryFileSystem().Add("/site/big.yaml", expected);

        foreach (var (fs, at) in new[] { (disk, path), (memory, "/site/big.yaml") })
        {
            var (lent, same) = SiteFileReading.Lend(fs, at, bytes => (bytes.Length, bytes.SequenceEqual(expected)), length);
            Assert.Equal((length, true), (lent, same));
        }

        // A file longer than the caller was told (it grew): read in full all the same.
        var (grown, whole) = SiteFileReading.Lend(disk, path, bytes => (bytes.Length, bytes.SequenceEqual(expected)), length - 100);
        Assert.Equal((length, true), (grown, whole));
    }

    [Fact]
    public void LentBytesAreEachFilesOwnAlsoWhenAnotherIsReadDuringTheLoan()
    {
        ISiteFileSystem fs = new InMemoryFileSystem().Add("/site/big.yaml", new string('b', 3000)).Add("/site/small.yaml", "s").Add("/site/mid.yaml", new string('m', 500));

        SiteFileReading.Lend(fs, "/site/big.yaml", bytes => bytes.Length); // this thread now keeps a buffer that fits each file
        var nested = SiteFileReading.Lend(fs, "/site/big.yaml", outer =>
        {
            var inner = SiteFileReading.Lend(fs, "/site/mid.yaml", bytes => System.Text.Encoding.UTF8.GetString(bytes));
            return (System.Text.Encoding.UTF8.GetString(outer), inner);
        });
        var after = SiteFileReading.Lend(fs, "/site/small.yaml", bytes => System.Text.Encoding.UTF8.GetString(bytes));

        Assert.Equal((new string('b', 3000), new string('m', 500)), nested);
        Assert.Equal("s", after);
    }
}
