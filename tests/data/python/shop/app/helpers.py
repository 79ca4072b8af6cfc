"""Helpers the revisions share."""
TIER_LENGTH = 16
EVENT_FLAGS = ("archived", "flagged")


def event_flags():
    return EVENT_FLAGS


def tier_for(points):
    from app.models import Tier
    return Tier.gold if points >= 100 else Tier.basic
