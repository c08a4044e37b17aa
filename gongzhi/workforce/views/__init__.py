"""The workforce pages (队伍), one module per register; every list also exports to Excel."""
