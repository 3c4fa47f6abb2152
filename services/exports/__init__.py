"""Files the department works with (CSV, XLSX): every cell goes through :mod:`services.exports.cells`."""
