using Elenta.Core.Text;

namespace Elenta.Core.Diagnostics;

/// <summary>
/// The catalog of the compiler's own diagnostics (load, merge, bind, resolve): one descriptor and
/// one factory method per code, so message text lives in one place. Analysis rules carry their
/// descriptors in their own classes; <see cref="DiagnosticCatalog"/> gathers both.
/// </summary>
public static class Messages
{
    // ---- Loading: EL00xx ----
    public static readonly DiagnosticDescriptor YamlSyntax = new("EL0001", "YAML syntax error", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor JsonSyntax = new("EL0002", "JSON syntax error", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor DuplicateKey = new("EL0003", "Duplicate key in one mapping", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor NotText = new("EL0004", "File is not UTF-8 text", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor FileTooLarge = new("EL0005", "File is too large", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor NixUnavailable = new("EL0006", "nix-instantiate is not installed", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor NixFailed = new("EL0007", "Nix evaluation failed", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor UnknownTag = new("EL0008", "Unknown YAML tag", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor MultipleDocuments = new("EL0009", "More than one YAML document in a file", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor RootNotMapping = new("EL0010", "A site file must hold a mapping", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor SiteNotFound = new("EL0011", "Site not found", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor OverlayNotFound = new("EL0012", "Overlay directory not found", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor FileUnreadable = new("EL0013", "File could not be read", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor LoaderFault = new("EL0014", "Unexpected failure while reading a file", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor TooDeep = new("EL0015", "Nesting too deep", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor OverlayIsOutput = new("EL0016", "Overlay directory holds a build", Severity.Error, "Loading");
    public static readonly DiagnosticDescriptor OverlayHoldsSite = new("EL0017", "Overlay directory is the site or holds it", Severity.Error, "Loading");

    // ---- Merge: EL10xx ----
    public static readonly DiagnosticDescriptor ConflictingValues = new("EL1001", "Two different values for one setting", Severity.Error, "Merge");
    public static readonly DiagnosticDescriptor ConflictingKinds = new("EL1002", "A mapping, a list and a value at one path", Severity.Error, "Merge");

    // ---- Binding: EL20xx ----
    public static readonly DiagnosticDescriptor UnknownKey = new("EL2001", "Unknown key", Severity.Error, "Binding");
    public static readonly DiagnosticDescriptor WrongType = new("EL2002", "Wrong kind of value", Severity.Error, "Binding");
    public static readonly DiagnosticDescriptor MissingRequired = new("EL2003", "Required field missing", Severity.Error, "Binding");
    public static readonly DiagnosticDescriptor InvalidValue = new("EL2004", "Value cannot be parsed", Severity.Error, "Binding");
    public static readonly DiagnosticDescriptor UnknownReference = new("EL2005", "Reference to something the site does not define", Severity.Error, "Binding");
    public static readonly DiagnosticDescriptor UndeclaredOption = new("EL2006", "extraOpts sets an option the role does not declare", Severity.Error, "Binding");
    public static readonly DiagnosticDescriptor OptionTypeMismatch = new("EL2007", "extraOpts value has the wrong type", Severity.Error, "Binding");
    public static readonly DiagnosticDescriptor InvalidName = new("EL2008", "Invalid name", Severity.Error, "Binding");

    // ---- Resolve: EL30xx ----
    public static readonly DiagnosticDescriptor ContradictoryRoles = new("EL3001", "Roles merged on one machine contradict each other", Severity.Error, "Resolve");
    public static readonly DiagnosticDescriptor DuplicateInstance = new("EL3002", "Instance name used twice in one constellation", Severity.Error, "Resolve");
    public static readonly DiagnosticDescriptor UnknownConstellation = new("EL3003", "Unknown constellation", Severity.Error, "Resolve");

    public static Diagnostic YamlSyntaxError(Location location, string problem, string? help = null) =>
        YamlSyntax.Create(location, $"YAML syntax error: {problem}", help ?? "fix the YAML at the caret; indentation must use spaces, and a key needs ': ' after it");

    public static Diagnostic JsonSyntaxError(Location location, string problem) =>
        JsonSyntax.Create(location, $"JSON syntax error: {problem}", "fix the JSON at the caret");

    public static Diagnostic DuplicateKeyError(Location location, string key, Location first) =>
        DuplicateKey.Create(location, $"key '{key}' appears twice in this mapping", "remove one of them, or merge their contents",
            [new RelatedLocation(first, $"'{key}' is first defined here")]);

    public static Diagnostic NotTextError(Location location, string why) =>
        NotText.Create(location, $"this file is not UTF-8 text ({why})", "site files must be UTF-8 YAML, JSON or Nix; move other files out of the site or into a hidden directory");

    public static Diagnostic FileTooLargeError(Location location, long bytes, long limit) =>
        FileTooLarge.Create(location, $"file is {bytes} bytes, over the limit of {limit} bytes for one site file", "split the file into several smaller ones; every file under the site is merged");

    public static Diagnostic NixUnavailableError(Location location) =>
        NixUnavailable.Create(location, "this .nix file needs nix-instantiate, which was not found on PATH", "install Nix (Debian: apt-get install nix-bin) or write this file as YAML or JSON");

    public static Diagnostic NixFailedError(Location location, string nixMessage) =>
        NixFailed.Create(location, $"nix-instantiate --eval --strict --json failed: {nixMessage}", "the file must evaluate to an attribute set of plain data (no functions or derivations)");

    public static Diagnostic UnknownTagError(Location location, string tag) =>
        UnknownTag.Create(location, $"unknown tag '{tag}'", "the tags Elenta understands are !default (loses to any plain value) and !force (wins over plain values)");

    public static Diagnostic MultipleDocumentsError(Location location) =>
        MultipleDocuments.Create(location, "a site file may hold one YAML document; this is a second one", "remove the '---' separator or move the second document into its own file");

    public static Diagnostic RootNotMappingError(Location location, string found) =>
        RootNotMapping.Create(location, $"the top level of a site file must be a mapping, found {found}", "start the file with a key such as 'cadaster:' or 'networks:'");

    public static Diagnostic SiteNotFoundError(string path, string why) =>
        SiteNotFound.Create(null, $"no site at '{path}': {why}", "pass the site directory (the one with elenta.yaml), or run from inside it");

    public static Diagnostic OverlayNotFoundError(Location location, string path, bool isFile = false) =>
        OverlayNotFound.Create(location, isFile ? $"overlay '{path}' is a file, not a directory" : $"overlay directory '{path}' does not exist",
            "overlay paths are relative to the site directory; fix the path or remove it from 'overlays'");

    public static Diagnostic OverlayIsOutputError(Location location, string path) =>
        OverlayIsOutput.Create(location, $"overlay directory '{path}' holds a build's output ({Loading.SiteLoader.OutputMarker}): its views and manifest would be read as site data",
            "a build was written into the overlay: remove the files its manifest.json lists and .elenta-*, then build into a directory of its own");

    public static Diagnostic OverlayHoldsSiteError(Location location, string path) =>
        OverlayHoldsSite.Create(location, $"overlay directory '{path}' is the site's own directory or holds it: the site would be read twice, and whatever lies beside it",
            "an overlay is a directory of its own beside the site, such as ../private: fix the path or remove it from 'overlays'");

    public static Diagnostic DirectoryUnreadableError(string path, string why) =>
        FileUnreadable.Create(null, $"could not list the directory '{path}': {why}", "check the directory's permissions, or leave it out with 'ignore' in elenta.yaml");

    public static Diagnostic FileUnreadableError(Location? location, string path, string why) =>
        FileUnreadable.Create(location, $"could not read '{path}': {why}", "check the file's permissions");

    public static Diagnostic LoaderFaultError(Location location, string what) =>
        LoaderFault.Create(location, $"could not read this file: {what}", "the file is probably malformed; please also report this message, it should have been a precise diagnostic");

    public static Diagnostic TooDeepError(Location location, int limit) =>
        TooDeep.Create(location, $"values are nested more than {limit} levels deep", "site data is never this deep; the file is probably malformed");

    public static Diagnostic ConflictingValuesError(Location location, string path, string value, string otherValue, Location other) =>
        ConflictingValues.Create(location, $"'{path}' is set to {value} here and to {otherValue} in {other}",
            "keep one value, or mark one with !force (wins) or !default (loses)",
            [new RelatedLocation(other, $"'{path}' is also set to {otherValue} here")]);

    public static Diagnostic ConflictingKindsError(Location location, string path, string kind, string otherKind, Location other) =>
        ConflictingKinds.Create(location, $"'{path}' is a {kind} here but a {otherKind} in {other}",
            "make both definitions the same kind, or mark one with !force",
            [new RelatedLocation(other, $"'{path}' is a {otherKind} here")]);

    public static Diagnostic UnknownKeyError(Location location, string key, string where, string? suggestion, IEnumerable<string> allowed) =>
        UnknownKey.Create(location,
            suggestion is null ? $"unknown key '{key}' in {where}" : $"unknown key '{key}' in {where}; did you mean '{suggestion}'?",
            $"keys allowed here: {string.Join(", ", allowed)}");

    public static Diagnostic WrongTypeError(Location location, string path, string expected, string found) =>
        WrongType.Create(location, $"'{path}' must be {expected}, found {found}", $"write {expected} here");

    public static Diagnostic MissingRequiredError(Location location, string key, string where) =>
        MissingRequired.Create(location, $"{where} is missing required field '{key}'", $"add '{key}:' to {where}");

    public static Diagnostic InvalidValueError(Location location, string path, string value, string expected, string? help = null) =>
        InvalidValue.Create(location, $"'{path}': '{value}' is not {expected}", help ?? $"write {expected}");

    public static Diagnostic UnknownReferenceError(Location location, string kind, string name, string? suggestion, string? help = null) =>
        UnknownReference.Create(location,
            suggestion is null ? $"unknown {kind} '{name}'" : $"unknown {kind} '{name}'; did you mean '{suggestion}'?",
            help ?? $"define {kind} '{name}' in the site, or fix the name");

    public static Diagnostic UndeclaredOptionError(Location location, string option, string role, string? suggestion, IEnumerable<string> declared) =>
        UndeclaredOption.Create(location,
            suggestion is null ? $"role '{role}' declares no option '{option}'" : $"role '{role}' declares no option '{option}'; did you mean '{suggestion}'?",
            declared.Any() ? $"options of '{role}': {string.Join(", ", declared)}" : $"role '{role}' declares no options; add it under roles.{role}.options");

    public static Diagnostic OptionTypeMismatchError(Location location, string option, string role, string expected, string found) =>
        OptionTypeMismatch.Create(location, $"option '{option}' of role '{role}' must be {expected}, found {found}", $"write {expected}");

    public static Diagnostic InvalidNameError(Location location, string kind, string name, string why) =>
        InvalidName.Create(location, $"{kind} name '{name}' is invalid: {why}", "names are DNS labels: letters, digits and '-', not starting or ending with '-', at most 63 characters");

    public static Diagnostic ContradictoryRolesError(Location location, string machine, string path, string roleA, string valueA, string roleB, string valueB, Location other) =>
        ContradictoryRoles.Create(location,
            $"on '{machine}', role '{roleA}' sets '{path}' to {valueA} but role '{roleB}' sets it to {valueB}",
            "place the two roles on different machines, or make their configurations agree",
            [new RelatedLocation(other, $"role '{roleA}' sets it to {valueA} here")]);

    public static Diagnostic DuplicateInstanceError(Location location, string constellation, string name, Location other) =>
        DuplicateInstance.Create(location, $"constellation '{constellation}' already has an instance named '{name}'",
            "instance names become DNS names in the constellation's domain; rename one",
            [new RelatedLocation(other, $"'{name}' is first placed here")]);

    public static Diagnostic UnknownConstellationError(string name, string? suggestion) =>
        UnknownConstellation.Create(null, suggestion is null ? $"unknown constellation '{name}'" : $"unknown constellation '{name}'; did you mean '{suggestion}'?",
            "list the site's constellations with 'elenta show constellation'");
}
