using System.Security.Cryptography;
using System.Text;
using Elenta.Core.Semantics;

namespace Elenta.Core.Tests.Semantics;

public class ShortSha256Tests
{
    /// <summary>Every length up to three blocks, around each padding boundary (55, 56, 63, 64 bytes), against the platform's SHA-256.</summary>
    [Fact]
    public void DigestsAreThePlatformsForEveryLengthUpToThreeBlocks()
    {
        var random = new Random(20261129);
        for (var length = 0; length <= 192; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var ours = new byte[32];
            ShortSha256.Hash(data, ours);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(ours));
        }
    }

    [Fact]
    public void TheKnownAnswerOfAbc()
    {
        var digest = new byte[32];
        ShortSha256.Hash("abc"u8, digest);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
    }

    /// <summary>The derived host id is the first non-zero word of SHA-256("elenta-host-id/NAME"): ids already in views must not change.</summary>
    [Theory]
    [InlineData("alpha")]
    [InlineData("toto")]
    [InlineData("a-rather-long-machine-name-that-goes-past-one-sha256-block-of-sixty-four-bytes")]
    public void DerivedHostIdsAreUnchanged(string machine)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("elenta-host-id/" + machine));
        Assert.Equal(Convert.ToHexStringLower(hash.AsSpan(0, 4)), HostIds.Derived(machine));
    }
}
