"""Names the generated dialplan shares with the rest of the control plane (docs/pbx-config.md)."""

from __future__ import annotations

# The key a caller waiting in a queue presses to be called back instead.
CALLBACK_KEY = "*"

# The caller tiers (VIP routing): the AstDB family the control plane pushes to every node, and the
# generated subroutine every queue context calls with it before Queue().
VIP_FAMILY = "cc-vip"

VIP_CONTEXT = "cc-vip"
