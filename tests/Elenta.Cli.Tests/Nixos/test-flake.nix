# The NixOS driver tests' flake (copied into a site as flake.nix): no nixpkgs, no network. Each
# machine of the site's build gets a small real "system": its view, the site revision it was built
# from, and a bin/switch-to-configuration that does what NixOS's does to the running system
# (/run/current-system for test and switch; a bootloader stand-in for switch and boot) and records
# each action asked of it in /var/lib/elenta-test/switch-to-configuration.log on the machine.
# A file named broken-activation in the site makes every system's activation fail; one named
# slow-activation makes test and switch wait, once recorded, for /tmp/elenta-test-go on the machine.
{
  inputs.elenta-site = { url = "path:/nonexistent"; flake = false; }; # elenta points it at its build (--override-input)

  outputs = { self, elenta-site }:
    let
      manifest = builtins.fromJSON (builtins.readFile "${elenta-site}/manifest.json");
      revision = if manifest.gitRevision or null == null then "unknown" else manifest.gitRevision;
      broken = builtins.pathExists ./broken-activation;
      slow = builtins.pathExists ./slow-activation;
      switch = ''
        #!/bin/sh
        action=$1
        mkdir -p /var/lib/elenta-test
        echo "$action @out@" >> /var/lib/elenta-test/switch-to-configuration.log
        ${if broken then "echo 'activation failed: the site says broken-activation' >&2; exit 1" else ""}
        ${if slow then "case $action in test|switch) timeout 120 sh -c 'until [ -e /tmp/elenta-test-go ]; do sleep 0.2; done' ;; esac" else ""}
        case $action in test|switch) ln -sfn @out@ /run/current-system ;; esac
        case $action in switch|boot) ln -sfn @out@ /var/lib/elenta-test/bootloader-default ;; esac
      '';
      system = name: builtins.derivation {
        name = "nixos-system-${name}";
        system = builtins.currentSystem or "x86_64-linux";
        builder = "/bin/sh";
        PATH = "/usr/bin:/bin";
        inherit revision switch;
        view = builtins.readFile "${elenta-site}/views/${name}.json";
        passAsFile = [ "switch" "view" ];
        args = [ "-c" ''
          set -e
          mkdir -p $out/bin $out/etc/elenta
          sed "s|@out@|$out|g" $switchPath > $out/bin/switch-to-configuration
          chmod +x $out/bin/switch-to-configuration
          cp $viewPath $out/etc/elenta/view.json
          printf '%s\n' "$revision" > $out/elenta-revision
        '' ];
      };
      # Netboot outputs, as NixOS's netboot module names them: a kernel stand-in, a ramdisk holding
      # the view and revision (sparse, over the BIOS limit, when the site has a file big-initrd), and
      # the iPXE script that boots them.
      big = builtins.pathExists ./big-initrd;
      file = drv: name: script: builtins.derivation {
        name = "${drv}"; system = builtins.currentSystem or "x86_64-linux"; builder = "/bin/sh"; PATH = "/usr/bin:/bin";
        args = [ "-c" "set -e; mkdir -p $out; ${script}" ];
      };
      netboot = name: {
        kernel = file "linux-elenta-test-${name}" "bzImage" "printf 'elenta test kernel\n' > $out/bzImage";
        netbootRamdisk = file "initrd-${name}" "initrd" (''
          printf '%s\n' ${builtins.toJSON revision} > $out/initrd
          cat ${builtins.toFile "view-${name}.json" (builtins.readFile "${elenta-site}/views/${name}.json")} >> $out/initrd
        '' + (if big then "truncate -s 2100M $out/initrd" else ""));
        netbootIpxeScript = file "netboot-ipxe-${name}" "netboot.ipxe"
          "printf '#!ipxe\\nkernel bzImage init=${system name}/init\\ninitrd initrd\\nboot\\n' > $out/netboot.ipxe";
      };
      names = map (f: builtins.substring 0 (builtins.stringLength f - 5) f)
        (builtins.filter (f: builtins.match ".*\\.json" f != null) (builtins.attrNames (builtins.readDir "${elenta-site}/views")));
    in
    {
      nixosConfigurations = builtins.listToAttrs (map (name: { inherit name; value.config.system.build = { toplevel = system name; } // netboot name; }) names);
    };
}
