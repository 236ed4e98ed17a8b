"""The feed pipeline in one package: SportMonks states, providers (SportMonks v3 and the recorded
demo match), parsing, the change hash, the match clock, the composite update and the poller."""
