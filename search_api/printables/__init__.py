"""Printables: the consultation checklist, the compare sheet and the referral packet.

Builders are pure (parameters and listings in, pydantic models out); `render`
turns those models into HTML, PDF or CSV. Nothing about the client is stored.
"""
