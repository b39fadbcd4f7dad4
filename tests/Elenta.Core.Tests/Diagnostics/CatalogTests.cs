using System.Text.RegularExpressions;
using Elenta.Core.Analysis;
using Elenta.Core.Diagnostics;

namespace Elenta.Core.Tests.Diagnostics;

public class CatalogTests
{
    [Fact]
    public void CodesAreUniqueAndWellFormed()
    {
        var codes = DiagnosticCatalog.Descriptors.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^EL[0-9]{4}$", c));
    }

    [Fact]
    public void EveryAnalysisRuleIsInTheCatalogAndExplained()
    {
        foreach (var rule in Analyzer.Rules)
        {
            Assert.Contains(rule.Descriptor, DiagnosticCatalog.Descriptors);
            Assert.False(string.IsNullOrWhiteSpace(rule.Explanation), rule.Descriptor.Code);
            Assert.True(string.CompareOrdinal(rule.Descriptor.Code, "EL4000") > 0, $"{rule.Descriptor.Code}: analysis codes start at EL4000");
        }
    }

    [Fact]
    public void EveryRetiredCodeNamesALiveReplacementThatNothingReportsUnderTheOldCode()
    {
        var retired = DiagnosticCatalog.Descriptors.Where(d => d.IsRetired).ToList();
        Assert.NotEmpty(retired);
        foreach (var old in retired)
        {
            var replacement = DiagnosticCatalog.Find(old.ReplacedBy!);
            Assert.True(replacement is { IsRetired: false }, $"{old.Code} is replaced by {old.ReplacedBy}, which is not a live code");
            Assert.DoesNotContain(Analyzer.Rules, r => r.Descriptor.Code == old.Code);
        }

        Assert.All(typeof(RetiredCodes).GetFields().Select(f => (DiagnosticDescriptor)f.GetValue(null)!), d => Assert.True(d.IsRetired, d.Code));
    }

    [Fact]
    public void EveryRetiredCodeSaysSoInTheDocs()
    {
        var docs = File.ReadAllText(Path.Combine(ExampleSites.RepoRoot, "docs", "diagnostics.md"));
        foreach (var old in DiagnosticCatalog.Descriptors.Where(d => d.IsRetired))
        {
            var section = Regex.Match(docs, $@"^## {old.Code}:.*?(?=^#|\z)", RegexOptions.Multiline | RegexOptions.Singleline).Value;
            Assert.Contains($"Retired; replaced by [{old.ReplacedBy}](#{old.ReplacedBy!.ToLowerInvariant()})", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryCodeHasASectionInTheDocs()
    {
        var docs = File.ReadAllText(Path.Combine(ExampleSites.RepoRoot, "docs", "diagnostics.md"));
        var sections = Regex.Matches(docs, "^## (EL[0-9]{4})", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var missing = DiagnosticCatalog.Descriptors.Select(d => d.Code).Where(c => !sections.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "docs/diagnostics.md has no section for: " + string.Join(", ", missing));
        var stale = sections.Where(s => DiagnosticCatalog.Find(s) is null).ToList();
        Assert.True(stale.Count == 0, "docs/diagnostics.md documents codes that do not exist: " + string.Join(", ", stale));
    }
}
