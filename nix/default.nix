# Elenta's Nix library: turns a machine's view (views/NAME.json of `elenta build`, installed as
# /etc/elenta/view.json) into NixOS option values. Builtins only: it evaluates without nixpkgs.
#
#   let elenta = import ./nix; in
#   { ... }: elenta.nixosOptions (elenta.readView ./views/toto.json)
#
# docs/views.md describes the view and what each function here makes of it.
let
  inherit (builtins)
    attrNames concatMap concatStringsSep filter fromJSON listToAttrs readFile replaceStrings throw
    toString;

  mapAttrsToList = f: set: map (name: f name set.${name}) (attrNames set);
  filterAttrs = pred: set:
    listToAttrs (concatMap (name: if pred name set.${name} then [ { inherit name; value = set.${name}; } ] else [ ]) (attrNames set));
  mapAttrs' = f: set: listToAttrs (mapAttrsToList f set);
  optionalAttr = cond: name: value: if cond then { ${name} = value; } else { };

  # The address forms NixOS's networking.interfaces.<name>.ipv4/ipv6.addresses take.
  addressesOf = family: iface:
    map (a: { inherit (a) address prefixLength; }) (filter (a: a.family == family) iface.addresses);

  ports = rule: if rule.port == rule.portTo then toString rule.port else "${toString rule.port}-${toString rule.portTo}";
  isV6 = cidr: builtins.match ".*:.*" cidr != null;
  quoteAll = list: concatStringsSep ", " (map (x: "\"${x}\"") list);
  comment = text: "comment \"${replaceStrings [ "\"" "\\" ] [ "'" "/" ] text}\"";
in
rec {
  # The view format this library reads (the view's schemaVersion).
  schemaVersion = 1;

  # A view from its file; refuses a view of another format version.
  readView = path: checkView (fromJSON (readFile path));

  # The view itself, or an error when it is of another format version.
  checkView = view:
    if (view.schemaVersion or null) != schemaVersion then
      throw "elenta: view '${view.name or "?"}' has schemaVersion ${toString (view.schemaVersion or "none")}; this library reads ${toString schemaVersion}"
    else view;

  # networking.interfaces: every interface that carries an address or an MTU.
  interfaces = view:
    mapAttrs' (name: iface: {
      inherit name;
      value = {
        ipv4.addresses = addressesOf "ipv4" iface;
        ipv6.addresses = addressesOf "ipv6" iface;
      } // optionalAttr (iface ? mtu) "mtu" iface.mtu;
    }) (filterAttrs (_: iface: iface.addresses != [ ] || iface ? mtu) view.networking.interfaces);

  bonds = view:
    mapAttrs' (name: iface: {
      inherit name;
      value = {
        interfaces = iface.members;
        driverOptions = { miimon = "100"; } // optionalAttr (iface ? bondMode) "mode" iface.bondMode;
      };
    }) (filterAttrs (_: iface: iface.kind == "bond") view.networking.interfaces);

  vlans = view:
    mapAttrs' (name: iface: { inherit name; value = { id = iface.vlan; interface = iface.parent; }; })
      (filterAttrs (_: iface: iface.kind == "vlan") view.networking.interfaces);

  bridges = view:
    mapAttrs' (name: iface: { inherit name; value = { interfaces = iface.members; }; })
      (filterAttrs (_: iface: iface.kind == "bridge") view.networking.interfaces);

  defaultGateway = view:
    let g = view.networking.defaultGateway; in
    if g == null then null else { inherit (g) address; } // optionalAttr (g ? interface) "interface" g.interface;

  # The input chain's accept rules as nftables statements, for networking.firewall.extraInputRules
  # (NixOS's chain already accepts loopback and established traffic, and drops the rest): the same
  # matches as the machine's nftables file, one statement per address family the rule has.
  inputRules = view: concatStringsSep "\n" (concatMap ruleLines view.firewall.input.rules);

  ruleLines = rule:
    let
      iif = if rule.interfaces == [ ] then "" else "iifname { ${quoteAll rule.interfaces} } ";
      tail = "${rule.protocol} dport ${ports rule} accept ${comment rule.comment}";
      inFamily = v6: list: filter (x: isV6 x == v6) list;
      match = keyword: list: if list == [ ] then "" else "${keyword} { ${concatStringsSep ", " list} } ";
      family = v6:
        let
          name = if v6 then "ip6" else "ip";
          sources = inFamily v6 rule.sources;
          destinations = inFamily v6 rule.destinations;
        in
        # A rule with sources (or destinations) of the other family only has nothing to match here.
        if (rule.sources != [ ] && sources == [ ]) || (rule.destinations != [ ] && destinations == [ ]) then [ ]
        else [ "${iif}${match "${name} saddr" sources}${match "${name} daddr" destinations}${tail}" ];
    in
    if rule.sources == [ ] && rule.destinations == [ ] then [ "${iif}${tail}" ]
    else family false ++ family true;

  # fileSystems: NFS mounts, devices, legacy ZFS datasets and bind mounts (ZFS mounts the rest itself).
  fileSystems = view:
    listToAttrs (map (m: {
      name = m.path;
      value = { inherit (m) device fsType; options = if m.options == [ ] then [ "defaults" ] else m.options; };
    }) (filter (m: !m.automount && m ? device && m ? fsType) view.mounts));

  # services.nfs.server.exports, one line per export that has clients.
  nfsExports = view:
    concatStringsSep "" (map (e: "${e.path} ${concatStringsSep " " (map (c: "${c}(rw,sync,no_subtree_check)") e.clients)}\n")
      (filter (e: e.clients != [ ]) view.exports));

  zfsPools = view: map (p: p.name) (filter (p: p.type == "zfs") view.pools);

  usesZfs = view: zfsPools view != [ ] || builtins.any (m: m.fsType or null == "zfs") view.mounts;

  # Every NixOS option value the view determines: a NixOS module's body.
  nixosOptions = view:
    let
      nfs = filter (m: m.fsType or null == "nfs") view.mounts;
    in
    {
      networking = {
        hostName = view.name;
        hostId = view.hostId;
        useDHCP = false;
        usePredictableInterfaceNames = view.networking.predictableInterfaceNames;
        interfaces = interfaces view;
        bonds = bonds view;
        vlans = vlans view;
        bridges = bridges view;
        nameservers = view.networking.nameservers;
        search = view.networking.search;
        nftables.enable = true;
        # policy "accept": no chain of the machine's own (a container in its host's network stack).
        firewall = {
          enable = view.firewall.input.policy == "drop";
          allowedTCPPorts = [ ];
          allowedUDPPorts = [ ];
          extraInputRules = inputRules view;
        };
      } // optionalAttr (view.networking.defaultGateway != null) "defaultGateway" (defaultGateway view);
      fileSystems = fileSystems view;
      boot = {
        supportedFilesystems = (if usesZfs view then [ "zfs" ] else [ ]) ++ (if nfs != [ ] then [ "nfs" ] else [ ]);
        zfs.extraPools = zfsPools view;
      };
      services.nfs.server = {
        enable = view.exports != [ ];
        exports = nfsExports view;
      };
    };

  # A NixOS module reading the view at path: imports = [ (elenta.module ./views/toto.json) ];
  module = path: { ... }: nixosOptions (readView path);

  # ---- A whole build into nixosConfigurations (docs/nixos.md) ----------------------------------

  # What `elenta build` wrote at build: its manifest (site, gitRevision).
  readManifest = build: fromJSON (readFile "${build}/manifest.json");

  # The machines of a build the nixos driver deploys: every guest, and every host whose driver is nixos.
  machineNames = build:
    let
      files = attrNames (builtins.readDir "${build}/views");
      names = map (f: builtins.substring 0 (builtins.stringLength f - 5) f) (filter (f: builtins.match ".*\\.json" f != null) files);
      nixos = name: let v = readView "${build}/views/${name}.json"; in v.kind != "host" || (v.cadaster.driver or "nixos") == "nixos";
    in
    filter nixos names;

  # The revision a system is built from, as a module: NixOS's system.configurationRevision, and the
  # file elenta-revision at the system's top level, which the nixos driver's probe reads.
  revisionModule = revision: { ... }:
    if revision == null then { } else {
      system.configurationRevision = revision;
      system.extraSystemBuilderCmds = "printf '%s\\n' ${builtins.toJSON revision} > $out/elenta-revision";
    };

  # One machine of a build, as arguments of nixpkgs.lib.nixosSystem (without `system`):
  #   modules: its view's options, the revision, the modules of its roles (roles.<role name>, those
  #            given), then `modules` (every machine's);
  #   specialArgs.elenta: { view, constellations (each one it takes part in, all its instances),
  #            revision, site } for modules that want more than option values.
  machine = { build, roles ? { }, modules ? [ ] }: name:
    let
      view = readView "${build}/views/${name}.json";
      manifest = readManifest build;
      revision = manifest.gitRevision or null;
      constellations = listToAttrs (map (c: { name = c; value = fromJSON (readFile "${build}/views/constellations/${c}.json"); }) view.constellations);
      roleModules = map (r: roles.${r.role}) (filter (r: roles ? ${r.role}) view.roles);
    in
    {
      modules = [ ({ ... }: nixosOptions view) (revisionModule revision) ] ++ roleModules ++ modules;
      specialArgs.elenta = { inherit view constellations revision; site = manifest.site; };
    };

  # nixosConfigurations for every machine of a build the nixos driver deploys:
  #   nixosConfigurations = elenta.nixosConfigurations {
  #     build = elenta-site;                    # the flake input the deployer points at its build
  #     nixosSystem = nixpkgs.lib.nixosSystem;
  #     roles = { dns-server = ./nixos/dns-server.nix; };
  #   };
  nixosConfigurations = { build, nixosSystem, roles ? { }, modules ? [ ], system ? "x86_64-linux" }:
    listToAttrs (map (name: { inherit name; value = nixosSystem ({ inherit system; } // machine { inherit build roles modules; } name); }) (machineNames build));
}
