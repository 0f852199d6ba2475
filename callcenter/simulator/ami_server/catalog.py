"""What the simulated node says about itself: its version and the actions it knows."""

from __future__ import annotations

from callcenter.simulator.astdb import ACTION_HELP as ASTDB_HELP

ASTERISK_VERSION = "22.10.1"
VERSION_LINE = f"Asterisk {ASTERISK_VERSION} built by callcenter @ simulator on a x86_64 running Linux"
# Modules a Reload action may name: the ones the control plane reloads after rendering its files.
RELOADABLE_MODULES = frozenset(
    {"app_queue", "pbx_config", "res_pjsip", "chan_pjsip", "res_musiconhold", "app_voicemail", "res_parking"}
)

ACTION_HELP = {
    "Atxfer": ("Attended transfer.", "call,all"),
    "BlindTransfer": ("Blind transfer channel(s) to the given destination", "call,all"),
    "Challenge": ("Generate Challenge for MD5 Auth.", "<none>"),
    "Command": ("Execute Asterisk CLI Command.", "command,all"),
    "CoreSettings": ("Show PBX core settings (version etc).", "system,reporting,all"),
    "CoreShowChannels": ("List currently active channels.", "system,reporting,all"),
    "CoreStatus": ("Show PBX core status variables.", "system,reporting,all"),
    "DeviceStateList": ("List the current known device states.", "call,reporting,all"),
    "Events": ("Control Event Flow.", "<none>"),
    "ExtensionStateList": ("List the current known extension states.", "call,reporting,all"),
    "Getvar": ("Gets a channel variable or function value.", "call,reporting,all"),
    "Hangup": ("Hangup channel.", "system,call,all"),
    "ListCommands": ("List available manager commands.", "<none>"),
    "Login": ("Login Manager.", "<none>"),
    "Logoff": ("Logoff Manager.", "<none>"),
    "Originate": ("Originate a call.", "originate,all"),
    "Ping": ("Keepalive command.", "<none>"),
    "PJSIPShowContacts": ("Lists PJSIP Contacts.", "system,reporting,all"),
    "PJSIPShowEndpoint": ("Detail listing of an endpoint and its objects.", "system,reporting,all"),
    "PJSIPShowRegistrationsOutbound": ("Lists PJSIP outbound registrations.", "system,reporting,all"),
    "PlayDTMF": ("Play DTMF signal on a specific channel.", "call,all"),
    "QueueAdd": ("Add interface to queue.", "agent,all"),
    "QueueLog": ("Adds custom entry in queue_log.", "agent,all"),
    "QueuePause": ("Makes a queue member temporarily unavailable.", "agent,all"),
    "QueuePenalty": ("Set the penalty for a queue member.", "agent,all"),
    "QueueReload": ("Reload a queue, queues, or any sub-section of a queue or queues.", "<none>"),
    "QueueRemove": ("Remove interface from queue.", "agent,all"),
    "QueueStatus": ("Show queue status.", "<none>"),
    "QueueSummary": ("Show queue summary.", "<none>"),
    "Redirect": ("Redirect (transfer) a call.", "call,all"),
    "Reload": ("Send a reload event.", "system,config,all"),
    "Setvar": ("Sets a channel variable or function value.", "call,all"),
    "SimulatorFault": ("Trigger a fault of the simulated PBX (simulator only).", "system,all"),
    "Status": ("List channel status.", "system,call,reporting,all"),
    **ASTDB_HELP,
}
