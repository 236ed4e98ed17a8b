"""Feed providers (SportMonks v3 and the recorded demo match) and the pure code that reads them."""
