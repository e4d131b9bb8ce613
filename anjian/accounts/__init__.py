"""P1: regions, departments and their sectors, users and roles, tokens, login hardening."""
