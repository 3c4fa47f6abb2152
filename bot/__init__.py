"""The runtime: settings, CLI, inbox worker, outbox sender, gateways, polling and webhook."""
