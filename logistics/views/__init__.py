"""Logistics pages, by sub-domain: stock (warehouses, documents), requests, planning."""
