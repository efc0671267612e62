"""Logistics pages, by sub-domain: stock (warehouses, documents), requests, planning, and manage
(warehouses, minimum stock, district settings)."""
