"""H1–H5 the hazard ledger and its closed loop; E1–E2 disposal and on-site measures."""
