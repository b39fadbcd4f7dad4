let mkHost = ip: { hardware = { cpus = 2; memory = "4GiB"; }; canon.lab = { inherit ip; }; };
in {
  cadaster.compute = {
    alpha = mkHost "10.0.0.2";
    beta = mkHost "10.0.0.3";
  };
}
