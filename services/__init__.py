"""The domain: rules and workflows as functions on a session; no Telegram words."""
