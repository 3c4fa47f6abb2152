"""The conversations: commands, buttons and flows, plus the neutral chat types and the router."""
