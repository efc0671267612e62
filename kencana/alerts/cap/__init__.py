"""CAP 1.2 (OASIS Common Alerting Protocol): reading, matching to kecamatan, writing."""
