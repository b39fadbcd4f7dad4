using Elenta.Core.Semantics;

namespace Elenta.Core.Tests.Semantics;

/// <summary>The one set of DNS name rules binding (EL2008) and analysis (EL5006) share.</summary>
public class DnsNamesTests
{
    [Theory]
    [InlineData("toto", null)]
    [InlineData("", "empty")]
    [InlineData("bad_name", "'_' is not allowed")]
    [InlineData("a.b", "'.' is not allowed")]
    [InlineData("-edge", "starts or ends with '-'")]
    [InlineData("*", "'*' is not allowed")]
    public void AMachineNameIsOneHostNameLabel(string label, string? why)
    {
        Assert.Equal(why is null, DnsNames.IsValidLabel(label, out var reason));
        Assert.Contains(why ?? string.Empty, reason);
    }

    [Theory]
    [InlineData("_dmarc", null)]
    [InlineData("_sip._tcp", null)]
    [InlineData("*.lab", null)]
    [InlineData("www.example.org.", null)]
    [InlineData("x.*", "wildcard only as the leftmost")]
    [InlineData("a..b", "empty label")]
    [InlineData("media server", "' ' is not allowed")]
    public void ARecordNameMayAlsoHoldServiceLabelsAndALeadingWildcard(string name, string? why) =>
        Assert.Contains(why ?? "valid", DnsNames.WhyInvalidRecordName(name) ?? "valid");

    [Fact]
    public void BindingAndAnalysisGiveOneReasonForOneBadLabel()
    {
        var host = TestSite.Minimal().File("z.yaml", "cadaster: { compute: { bad-: { hardware: { cpus: 1 } } } }\n").Compile().Diagnostics.Single("EL2008");
        var record = TestSite.Minimal().File("z.yaml", "domains: { example.test: { nameservers: [alpha], records: { \"bad-\": { TXT: x } } } }\n").Compile().Diagnostics.Single("EL5006");
        Assert.EndsWith("label 'bad-' starts or ends with '-'", host.Message);
        Assert.EndsWith("label 'bad-' starts or ends with '-'", record.Message);
    }

    [Theory]
    [InlineData("constellations: { \"../../escaped\": { machines: {} } }\n", "constellation name '../../escaped' is invalid")]
    [InlineData("networks: { \"a/b\": { cidr: 10.9.0.0/24 } }\n", "network name 'a/b' is invalid")]
    public void NetworkAndConstellationNamesAreLabelsForTheyNameFilesOfTheBuild(string yaml, string named)
    {
        // views/constellations/NAME.json and dhcp/dnsmasq/NAME.conf: a name with '/' or '..' would write outside the output.
        var d = TestSite.Minimal().File("z.yaml", yaml).Compile().Diagnostics.Single("EL2008");
        Assert.Contains(named, d.Message);
        Assert.Equal("site/z.yaml", d.Location!.Value.File.Path);
    }

    [Theory]
    [InlineData("domains: { example.internal.: {} }\n", "write it without its final dot (example.internal)")] // it ended in an internal error
    [InlineData("domains: { Example.Internal: {} }\n", "write it in lower case (example.internal)")]
    [InlineData("networks: { lab: { domain: 'lab\"x' } }\n", "search domain name 'lab\"x' is invalid")] // dnsmasq read it as an open quote
    [InlineData("networks: { lab: { domain: 'a b' } }\n", "search domain name 'a b' is invalid")] // radvd took two domains
    public void ADomainHasOneSpellingAndNoOddCharacters(string yaml, string expected)
    {
        var d = TestSite.Minimal().File("z.yaml", yaml).Compile().Diagnostics.Single("EL2008");
        Assert.Contains(expected, d.Message);
        Assert.Equal("site/z.yaml", d.Location!.Value.File.Path);
    }

    [Theory]
    [InlineData("nl: { TXT: \"line1\\nline2\" }", "TXT", "text on one line")]
    [InlineData("open: { TXT: '\"unterminated' }", "TXT", "text on one line")]
    [InlineData("v6: { A: \"fd00::1\" }", "A", "an IPv4 address")]
    [InlineData("v4: { AAAA: 10.0.0.1 }", "AAAA", "an IPv6 address")]
    [InlineData("mx: { MX: mail }", "MX", "a preference and a mail host")]
    [InlineData("mx: { MX: \"70000 mail\" }", "MX", "a preference and a mail host")]
    [InlineData("srv: { SRV: \"5060 sip\" }", "SRV", "a priority, a weight, a port and a host")]
    [InlineData("out.example.org.: { A: 10.0.0.9 }", null, "a name inside the zone example.internal")]
    public void ARecordAZoneFileCannotHoldIsAnError(string record, string? type, string expected)
    {
        var d = TestSite.Minimal().File("z.yaml", "domains: { example.internal: { records: { " + record + " } } }\n").Compile().Diagnostics.Single("EL2004");
        Assert.Contains(expected, d.Message);
        if (type is not null)
        {
            Assert.Contains($".{type}'", d.Message);
        }
    }

    [Fact]
    public void RecordsAZoneFileHoldsAreClean() =>
        TestSite.Minimal().File("z.yaml", """
            domains:
              example.internal:
                records:
                  "@": { MX: ["10 mail", "20 mail.example.internal."], TXT: ["v=spf1 -all", '"quoted \"part\"" "two"'] }
                  _sip._tcp: { SRV: "0 5 5060 sip.example.internal." }
                  www.example.internal.: { A: 10.0.0.9, AAAA: "fd00::9" }
            """).Compile().Diagnostics.None("EL2004");

    [Fact]
    public void ADomainOver253CharactersIsTooLong()
    {
        var label = new string('a', 60);
        Assert.False(DnsNames.IsValidDomain($"{label}.{label}.{label}.{label}.{label}", out var why));
        Assert.Contains("over the 253", why);
    }
}
