"""Notifications: the outbox written with each alert change, and its delivery."""
