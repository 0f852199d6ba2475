"""The callback list's entries, kept from the assembled calls: one open entry per number in E.164.

``sync(server)`` reads the calls, held turns and answered calls of the lines assembled since the server's
CallbackSyncMark (each line range once), in time order, and:

* an unanswered call (abandoned, timeout, left empty, left with a key) opens an entry for the caller's
  number, or joins the number's open entry (one more call, the longest wait);
* a callback request (CALLBACKREQUEST) opens or joins the entry of the number the caller typed, and makes
  it a request: who asked (the caller ID), when, in which queue and the call's id (``request_callid``,
  which the held turn names). A request read after the same call's EXITWITHKEY replaces that call's
  provisional missed entry;
* an answered call from the number after the entry's last call closes it, "called again and got through";
* an agent answering the held turn of a request (the queue calls the customer back) closes it, "called
  back", at the moment the agent answered.

A call not later than the number's last closed entry opens nothing (it was handled), nor does one older
than CALLBACK_MAX_AGE_DAYS before the newest assembled line (or now, if earlier). Numbers are compared by ``callcenter.core.phones.phone_key``.
"""

from callcenter.stats.callbacks.book import SyncResult
from callcenter.stats.callbacks.steps import sync

__all__ = ["SyncResult", "sync"]
