namespace Elenta.Core.Analysis.Facts;

/// <summary>
/// A compact list of real, delegated top-level domains: the generic ones people are likely to
/// borrow for a lab (.city, .dev, .app, .io...) and every country code. It is deliberately not the
/// whole root zone (brand TLDs are left out), so "not in this list" means "probably private", not
/// "certainly unregistered". Names reserved for private use (.test, .example, .invalid, .localhost,
/// .local, .internal, .home.arpa) are absent on purpose.
/// </summary>
public static class DnsPublicTlds
{
    private const string Generic = """
        com net org edu gov mil int arpa info biz name pro mobi aero asia cat coop jobs museum tel travel post xxx
        app dev page blog shop store online site website xyz top club tech cloud city town zone host hosting network
        systems email link live news space world agency company solutions center services support tools digital studio
        design media social photo photography pics art games fun life love family guru expert academy school
        education university college institute science engineering software codes computer technology download
        works work careers business ltd llc inc gmbh consulting management marketing finance financial capital money
        bank insurance legal law lawyer health care clinic dental doctor fitness yoga vet pet pets dog farm garden house
        land estate properties realty apartments one global green red blue pink black gold ninja rocks today tips wiki
        press review win bid party date racing men loan trade webcam stream faith cricket accountant country kim lol
        wtf pizza cafe restaurant bar pub beer wine coffee moe chat team group events community foundation charity
        gives run fit cool lgbt gay tattoo fashion clothing shoes jewelry watch watches cam camera film movie
        show theater video radio audio energy solar eco earth bio organic
        """;

    private const string CountryCodes = """
        ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz
        ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm
        fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it
        je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn
        mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps
        pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj
        tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
        """;

    private static readonly HashSet<string> All = new(
        (Generic + " " + CountryCodes).Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    /// <summary>Whether a TLD (one label, any case) is a real public one from this list.</summary>
    public static bool Contains(string tld) => All.Contains(tld.ToLowerInvariant());
}
