"""Texts of each area, registered in the catalog of :mod:`handlers.i18n` when imported."""
