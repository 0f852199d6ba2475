#!/bin/sh
# menuselect choices for the contact-center node, run from the Asterisk source tree after
# `make menuselect.makeopts`. Every name is checked by menuselect itself: an unknown name fails the build.
set -eu

ms() { menuselect/menuselect "$@" menuselect.makeopts; }

# A portable binary: the image may run on a different CPU than the one that built it.
ms --disable BUILD_NATIVE

# What the call center uses: queues, supervisor spy, recording, PJSIP, CDR to files, music on hold,
# the static dialplan and the dialplan functions.
ms --enable app_queue --enable app_chanspy --enable app_mixmonitor --enable app_dial \
   --enable app_playback --enable app_read --enable app_record --enable app_originate \
   --enable chan_pjsip --enable res_pjsip --enable res_pjsip_session --enable res_srtp \
   --enable res_rtp_asterisk --enable cdr_csv --enable cdr_custom --enable res_musiconhold \
   --enable pbx_config --enable res_manager_devicestate --enable bridge_simple --enable bridge_softmix
ms --enable-category MENUSELECT_FUNCS

# Sounds: prompts in English and Russian, in the codecs phones and trunks usually speak.
ms --enable CORE-SOUNDS-EN-GSM --enable CORE-SOUNDS-EN-ULAW --enable CORE-SOUNDS-EN-ALAW \
   --enable CORE-SOUNDS-RU-GSM --enable CORE-SOUNDS-RU-ULAW --enable CORE-SOUNDS-RU-ALAW \
   --enable EXTRA-SOUNDS-EN-GSM \
   --enable MOH-OPSOUND-WAV --enable MOH-OPSOUND-GSM

# Not used here; left out so that nothing listens or runs that nobody configures.
ms --disable chan_iax2 --disable pbx_dundi \
   --disable app_voicemail --disable app_agent_pool

# Fail now if a choice above cannot be met with the libraries installed.
ms --check-deps
