using Elenta.Output;
using Elenta.Cli.Tests.Support;
using Elenta.Core.Emit;

namespace Elenta.Cli.Tests;

/// <summary>
/// The output index (<c>.elenta-index</c>): which files a build may trust without reading them back.
/// </summary>
public sealed class OutputIndexTests : IDisposable
{
    private readonly CliRunner.TempDir dir = new();

    private static readonly long HourAgo = (DateTime.UtcNow.AddHours(-1) - DateTime.UnixEpoch).Ticks * 100;

    private static Artifact File(string path, string text) => Artifact.Text(path, "views", null, text);

    private static FileStamp Stamp(long modified, long size = 3, long inode = 7) => new(size, modified, modified, inode);

    [Fact]
    public void AFileWhoseStampAndHashAreUnchangedIsTrusted()
    {
        var a = File("views/a.json", "{}\n");
        var b = File("views/b.json", "[]\n");
        OutputIndex.Write(dir.Path, [a, b], [Stamp(HourAgo), Stamp(HourAgo, inode: 8)], OutputIndex.Empty);

        var index = OutputIndex.Read(dir.Path);
        Assert.Equal(2, index.Count);
        Assert.True(index.Holds("views/a.json", a.Sha256Bytes, Stamp(HourAgo)));
        Assert.True(index.Holds("views/b.json", b.Sha256Bytes, Stamp(HourAgo, inode: 8)));

        // Anything that moved means the file is read.
        Assert.False(index.Holds("views/a.json", b.Sha256Bytes, Stamp(HourAgo)));
        Assert.False(index.Holds("views/a.json", a.Sha256Bytes, Stamp(HourAgo + 1)));
        Assert.False(index.Holds("views/a.json", a.Sha256Bytes, Stamp(HourAgo, size: 4)));
        Assert.False(index.Holds("views/a.json", a.Sha256Bytes, Stamp(HourAgo, inode: 9)));
        Assert.False(index.Holds("views/a.json", a.Sha256Bytes, Stamp(HourAgo) with { ChangedNs = HourAgo + 1 }));
        Assert.False(index.Holds("views/a.json", a.Sha256Bytes, null));
        Assert.False(index.Holds("views/c.json", a.Sha256Bytes, Stamp(HourAgo)));
    }

    [Fact]
    public void AFileModifiedJustBeforeTheIndexWasWrittenIsNotTrusted()
    {
        // Changed again within the same clock tick, it would keep its stamp: it is read instead.
        var a = File("views/a.json", "{}\n");
        var now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        OutputIndex.Write(dir.Path, [a], [Stamp(now)], OutputIndex.Empty);

        var index = OutputIndex.Read(dir.Path);
        Assert.Equal(1, index.Count);
        Assert.False(index.Holds("views/a.json", a.Sha256Bytes, Stamp(now)));
    }

    [Fact]
    public void AFileTooCloseToTheIndexIsConfirmedByItsHashAndThenTrusted()
    {
        // The manifest is written just before the index, so it is always such a file: a build
        // confirms it by hashing it, where it used to read the whole of it as JSON.
        var a = File("manifest.json", "{\"one\": 1}\n");
        var full = Path.Combine(dir.Path, "manifest.json");
        System.IO.File.WriteAllBytes(full, a.Content);
        OutputIndex.Write(dir.Path, [a], [FileStamp.Of(full)], OutputIndex.Empty);

        var index = OutputIndex.Read(dir.Path);
        Assert.False(index.IsCurrent("manifest.json", FileStamp.Of(full)));
        Assert.True(index.Confirm(dir.Path, "manifest.json"));
        Assert.True(index.Holds("manifest.json", a.Sha256Bytes, FileStamp.Of(full)));

        // Other bytes of the same length, written since: the stamp moved, nothing is confirmed.
        System.IO.File.WriteAllText(full, "{\"one\": 2}\n");
        var again = OutputIndex.Read(dir.Path);
        Assert.False(again.Confirm(dir.Path, "manifest.json"));
        Assert.False(again.Confirm(dir.Path, "missing.json"));
    }

    [Fact]
    public void AFileWithoutAStampIsListedButNeverTrusted()
    {
        var a = File("views/a.json", "{}\n");
        var b = File("views/b.json", "[]\n");
        OutputIndex.Write(dir.Path, [a, b], [null, Stamp(HourAgo)], OutputIndex.Empty);

        var index = OutputIndex.Read(dir.Path);
        Assert.Equal(["views/a.json", "views/b.json"], index.Paths.Order(StringComparer.Ordinal));
        Assert.False(index.Holds("views/a.json", a.Sha256Bytes, default(FileStamp)));
        Assert.False(index.IsCurrent("views/a.json", default(FileStamp)));
        Assert.True(index.Holds("views/b.json", b.Sha256Bytes, Stamp(HourAgo)));
        Assert.True(index.IsCurrent("views/b.json", Stamp(HourAgo)));
    }

    [Fact]
    public void NoStampAtAllWritesNoIndex()
    {
        OutputIndex.Write(dir.Path, [File("views/a.json", "{}\n")], [null], OutputIndex.Empty);
        Assert.False(System.IO.File.Exists(Path.Combine(dir.Path, OutputIndex.FileName)));
    }

    [Fact]
    public void AnIndexThatWouldSayTheSameIsNotRewritten()
    {
        var a = File("views/a.json", "{}\n");
        OutputIndex.Write(dir.Path, [a], [Stamp(HourAgo)], OutputIndex.Empty);
        var path = Path.Combine(dir.Path, OutputIndex.FileName);
        var written = System.IO.File.GetLastWriteTimeUtc(path);
        System.IO.File.SetLastWriteTimeUtc(path, written.AddMinutes(-5));

        OutputIndex.Write(dir.Path, [a], [Stamp(HourAgo)], OutputIndex.Read(dir.Path));
        Assert.Equal(written.AddMinutes(-5), System.IO.File.GetLastWriteTimeUtc(path));

        OutputIndex.Write(dir.Path, [a], [Stamp(HourAgo + 1)], OutputIndex.Read(dir.Path));
        Assert.NotEqual(written.AddMinutes(-5), System.IO.File.GetLastWriteTimeUtc(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.elenta-tmp"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an index")]
    [InlineData("elenta-index 1\n\u0001\u0002")]
    public void AMissingOrDamagedIndexIsEmpty(string? content)
    {
        if (content is not null)
        {
            System.IO.File.WriteAllText(Path.Combine(dir.Path, OutputIndex.FileName), content);
        }

        Assert.Equal(0, OutputIndex.Read(dir.Path).Count);
    }

    [Fact]
    public void ACutShortIndexIsEmpty()
    {
        var a = File("views/a.json", "{}\n");
        OutputIndex.Write(dir.Path, [a, File("views/b.json", "[]\n")], [Stamp(HourAgo), Stamp(HourAgo)], OutputIndex.Empty);
        var path = Path.Combine(dir.Path, OutputIndex.FileName);
        var bytes = System.IO.File.ReadAllBytes(path);
        foreach (var cut in new[] { bytes.Length - 1, bytes.Length - 40, 20 })
        {
            System.IO.File.WriteAllBytes(path, bytes[..cut]);
            Assert.Equal(0, OutputIndex.Read(dir.Path).Count);
        }
    }

    [Fact]
    public void AStampIsWhatStatSays()
    {
        var path = Path.Combine(dir.Path, "a.txt");
        System.IO.File.WriteAllText(path, "hello");
        var first = FileStamp.Of(path);
        Assert.NotNull(first);
        Assert.Equal(5, first.Value.Size);
        Assert.Equal(System.IO.File.GetLastWriteTimeUtc(path), DateTime.UnixEpoch.AddTicks(first.Value.ModifiedNs / 100));

        // Same size, same inode, modification time put back to the nanosecond: the change time still moves.
        var reference = Path.Combine(dir.Path, "reference");
        System.IO.File.WriteAllText(reference, string.Empty);
        BuildCommandTests.Touch(path, reference);
        Thread.Sleep(20);
        System.IO.File.WriteAllText(path, "jello");
        BuildCommandTests.Touch(reference, path);
        var second = FileStamp.Of(path);
        Assert.Equal(first.Value.Size, second!.Value.Size);
        Assert.Equal(first.Value.ModifiedNs, second.Value.ModifiedNs);
        Assert.Equal(first.Value.Inode, second.Value.Inode);
        Assert.NotEqual(first.Value.ChangedNs, second.Value.ChangedNs);

        Assert.Null(FileStamp.Of(dir.Path)); // a directory
        Assert.Null(FileStamp.Of(Path.Combine(dir.Path, "missing")));
    }

    public void Dispose() => dir.Dispose();
}
