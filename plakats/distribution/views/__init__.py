"""Campaigns with targets, dispatches and placements: lists, details, forms, status changes.

Views parse input, check access with ``plakats.core.permissions`` and call
``plakats.distribution.services``; a refused action comes back as a form error
or a message, never as a 500.
"""
