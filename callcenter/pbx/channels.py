"""Channel names of queue-member interfaces, as Asterisk forms them."""

from __future__ import annotations

# chan_local's context when an interface names none (Local/1001 dials 1001@default).
LOCAL_DEFAULT_CONTEXT = "default"


def spy_prefix(interface: str) -> str:
    """The ChanSpy channel-name prefix that matches the calls of exactly this interface.

    ChanSpy compares its first argument with the start of every channel name, so the prefix must end
    with the ``-`` that separates a channel's name from its sequence number: ``PJSIP/1001`` alone would
    also match ``PJSIP/10011-0000001a``.

    - ``PJSIP/1001`` rings channels ``PJSIP/1001-<8 hex>``: prefix ``PJSIP/1001-``.
    - ``PJSIP/<user>@<endpoint>`` rings channels named after the endpoint: ``PJSIP/<endpoint>-``.
    - ``Local/1001@agents/n`` rings ``Local/1001@agents-<8 hex>;1`` and ``;2``: prefix
      ``Local/1001@agents-`` (the options after the second ``/`` are not part of the name, and a Local
      interface without a context dials into ``default``).
    - Other technologies (``SIP/``, ``IAX2/``, ``DAHDI/``) name channels ``<tech>/<resource>-<id>``.
    """
    tech, _slash, rest = interface.partition("/")
    resource = rest.split("/", 1)[0]
    if tech == "Local" and "@" not in resource:
        resource = f"{resource}@{LOCAL_DEFAULT_CONTEXT}"
    elif tech == "PJSIP" and "@" in resource:
        resource = resource.rsplit("@", 1)[1]
    return f"{tech}/{resource}-"


def state_interface(interface: str) -> str:
    """The device whose state app_queue follows for a member ringing ``interface``.

    A phone is its own device: ``PJSIP/1001`` -> ``PJSIP/1001`` (ringing, in use and unavailable come from
    the endpoint's device state). A Local member rings ``Local/1001@agents/n`` but its device state is that
    of ``Local/1001@agents`` (recorded in s04): the ``/n`` option is not part of the device.
    """
    if interface.startswith("Local/") and interface.count("/") > 1:
        return interface.rsplit("/", 1)[0]
    return interface
