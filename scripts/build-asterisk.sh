#!/usr/bin/env bash
# Build a real Asterisk 22.10.1 with PJSIP, and pjproject's `pjsua` SIP phone, from source tarballs.
#
#   make asterisk                      # the same; tarballs from ../shared/asterisk/ by default
#   ASTERISK_TARBALL=... PJPROJECT_TARBALL=... make asterisk
#
# Result (relocatable: every path is given to Asterisk by the asterisk.conf a test writes):
#   var/asterisk/install/sbin/asterisk   the PBX, modules in var/asterisk/install/lib/asterisk/modules
#   var/asterisk/bin/pjsua               a command-line SIP phone (G.711, null audio)
#   var/asterisk/BUILD-ID                hashes of both tarballs and this script: a second run with the
#                                        same inputs is instant
#
# Nothing is downloaded. Asterisk's bundled-pjproject step normally fetches pjproject-2.17.tar.bz2: here
# the pjproject tarball is repacked into its externals cache and the expected md5 is written to match.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${ROOT}/../shared/asterisk"
ASTERISK_TARBALL="${ASTERISK_TARBALL:-${SHARED}/asterisk-22.10.1.tar.xz}"
PJPROJECT_TARBALL="${PJPROJECT_TARBALL:-${SHARED}/pjproject-2.17.tar.xz}"
PJPROJECT_VERSION=2.17
DEST="${ASTERISK_BUILD_DIR:-${ROOT}/var/asterisk}"
JOBS="${JOBS:-$(nproc)}"

for tarball in "$ASTERISK_TARBALL" "$PJPROJECT_TARBALL"; do
    if [ ! -f "$tarball" ]; then
        cat >&2 <<EOF
error: source tarball not found: $tarball
  Asterisk 22.10.1: a git archive of tag 22.10.1 of github.com/asterisk/asterisk (asterisk-22.10.1.tar.xz)
  pjproject 2.17:   git archive --prefix=pjproject-2.17/ of tag 2.17 of github.com/pjsip/pjproject
  Put them in ../shared/asterisk/ or point ASTERISK_TARBALL / PJPROJECT_TARBALL at them (docs/testing.md).
EOF
        exit 1
    fi
done

build_id="$( (sha256sum "$ASTERISK_TARBALL" "$PJPROJECT_TARBALL" | cut -d' ' -f1; sha256sum "$0" | cut -d' ' -f1) | sha256sum | cut -d' ' -f1)"
if [ -x "${DEST}/install/sbin/asterisk" ] && [ -x "${DEST}/bin/pjsua" ] \
    && [ "$(cat "${DEST}/BUILD-ID" 2>/dev/null)" = "$build_id" ]; then
    echo "asterisk: cached build ${build_id:0:12} in ${DEST}"
    exit 0
fi

# Debian build dependencies, installed when missing (the way scripts/ensure-services.sh starts services).
DEBS="build-essential pkg-config bzip2 xz-utils libedit-dev libjansson-dev libxml2-dev uuid-dev libsqlite3-dev libssl-dev libncurses-dev sox"
missing=""
for deb in $DEBS; do
    dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing="$missing $deb"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "asterisk: installing build dependencies:$missing" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "error: missing Debian packages:$missing (install them, or run as root)" >&2
        exit 1
    fi
fi

started=$(date +%s)
rm -rf "${DEST}"
mkdir -p "${DEST}/src" "${DEST}/externals" "${DEST}/bin"
LOG="${DEST}/build.log"
: >"$LOG"
step() { echo "asterisk: $1 ($(($(date +%s) - started)) s)"; }
run() { "$@" >>"$LOG" 2>&1 || { echo "error: '$*' failed; the end of ${LOG}:" >&2; tail -n 40 "$LOG" >&2; exit 1; }; }

step "unpacking"
mkdir -p "${DEST}/src/asterisk"
tar -xJf "$ASTERISK_TARBALL" -C "${DEST}/src/asterisk"
tar -xJf "$PJPROJECT_TARBALL" -C "${DEST}/src"
PJSRC="${DEST}/src/pjproject-${PJPROJECT_VERSION}"
[ -d "$PJSRC" ] || { echo "error: ${PJPROJECT_TARBALL} has no top directory pjproject-${PJPROJECT_VERSION}/" >&2; exit 1; }

# Asterisk's bundled pjproject, offline: our tarball in its externals cache, with the md5 it checks.
(cd "${DEST}/src" && tar -cjf "${DEST}/externals/pjproject-${PJPROJECT_VERSION}.tar.bz2" "pjproject-${PJPROJECT_VERSION}")
(cd "${DEST}/externals" && md5sum "pjproject-${PJPROJECT_VERSION}.tar.bz2") \
    >"${DEST}/src/asterisk/third-party/pjproject/pjproject-${PJPROJECT_VERSION}.tar.bz2.md5"

# pjsua on its own: Asterisk's copy of pjproject has no G.711 and no resampler, so it makes no usable phone.
step "building pjsua"
(
    cd "$PJSRC"
    run ./configure --disable-video --disable-sound --disable-speex-codec --disable-speex-aec \
        --disable-gsm-codec --disable-ilbc-codec --disable-l16-codec --disable-g722-codec \
        --disable-g7221-codec --disable-opencore-amr --disable-silk --disable-opus --disable-bcg729 \
        --disable-v4l2 --disable-sdl --disable-libyuv --disable-ffmpeg --disable-openh264 \
        --disable-libwebrtc --disable-upnp --disable-ssl
    run make dep
    run make -j"$JOBS" lib
    run make -C pjsip-apps/build pjsua
)
cp "$PJSRC"/pjsip-apps/bin/pjsua-* "${DEST}/bin/pjsua"

step "configuring Asterisk"
cd "${DEST}/src/asterisk"
run ./configure --prefix="${DEST}/install" --with-pjproject-bundled \
    --with-externals-cache="${DEST}/externals" --without-dahdi --without-pri --without-ss7 \
    --without-pwlib --without-gtk2 --without-jack --without-radius
grep -q "Verify successful" "$LOG" || { echo "error: the bundled pjproject was not taken from the externals cache" >&2; exit 1; }
run make menuselect.makeopts

# What the product's rendered configuration and dialplan use, and nothing else. menuselect takes its
# enables and disables only when they are given in one invocation.
MODULES=(
    # applications of the rendered dialplan and dialplans/
    app_queue app_chanspy app_mixmonitor app_dial app_playback app_read app_verbose app_exec app_stack
    app_originate app_senddtmf app_record app_echo app_while app_amd app_userevent app_db app_system
    app_milliwatt app_transfer app_blind_transfer app_cdr app_channelredirect app_dumpchan app_waituntil
    app_softhangup app_playtones app_sayunixtime app_directed_pickup
    # functions
    func_callerid func_cdr func_channel func_logic func_strings func_db func_global func_math func_timeout
    func_uri func_shell func_cut func_groupcount func_env func_devstate func_extstate func_rand func_sprintf
    func_volume func_dialplan func_hangupcause func_pjsip_endpoint func_pjsip_contact
    func_pjsip_aor func_periodic_hook func_module func_export func_sorcery func_uuid func_talkdetect
    # PBX, bridges, channels
    pbx_config pbx_spool bridge_simple bridge_softmix bridge_native_rtp bridge_builtin_features
    bridge_builtin_interval_features bridge_holding chan_pjsip chan_bridge_media
    # codecs and file formats (G.711 phones, WAV recordings, GSM prompts)
    codec_ulaw codec_alaw codec_a_mu codec_gsm codec_resample format_wav format_gsm format_pcm format_sln
    format_wav_gsm
    # CDR and CEL to files and AMI
    cdr_csv cdr_custom cdr_manager cel_custom cel_manager
    # resources
    res_pjproject res_pjsip res_pjsip_session res_pjsip_authenticator_digest
    res_pjsip_outbound_authenticator_digest res_pjsip_endpoint_identifier_ip
    res_pjsip_endpoint_identifier_user res_pjsip_registrar res_pjsip_outbound_registration res_pjsip_nat
    res_pjsip_sdp_rtp res_pjsip_caller_id res_pjsip_dtmf_info res_pjsip_logger res_pjsip_refer
    res_pjsip_pubsub res_pjsip_exten_state res_pjsip_dialog_info_body_generator res_pjsip_pidf_body_generator
    res_pjsip_diversion res_pjsip_rfc3326 res_pjsip_acl res_pjsip_header_funcs res_pjsip_path
    res_pjsip_empty_info res_pjsip_history res_pjsip_dlg_options res_pjsip_one_touch_record_info
    res_rtp_asterisk res_sorcery_config res_sorcery_memory res_sorcery_astdb res_sorcery_realtime
    res_sorcery_memory_cache res_timing_timerfd res_musiconhold res_manager_devicestate
    res_manager_presencestate res_clioriginate res_convert res_limit res_parking res_mutestream
   
)
ARGS=(--disable-category MENUSELECT_ADDONS --disable-category MENUSELECT_APPS
    --disable-category MENUSELECT_BRIDGES --disable-category MENUSELECT_CDR --disable-category MENUSELECT_CEL
    --disable-category MENUSELECT_CHANNELS --disable-category MENUSELECT_CODECS
    --disable-category MENUSELECT_FORMATS --disable-category MENUSELECT_FUNCS --disable-category MENUSELECT_PBX
    --disable-category MENUSELECT_RES --disable-category MENUSELECT_TESTS --disable-category MENUSELECT_UTILS
    --disable-category MENUSELECT_AGIS --disable-category MENUSELECT_CORE_SOUNDS
    --disable-category MENUSELECT_MOH --disable-category MENUSELECT_EXTRA_SOUNDS
    --disable BUILD_NATIVE)
for module in "${MODULES[@]}"; do ARGS+=(--enable "$module"); done
run menuselect/menuselect "${ARGS[@]}" menuselect.makeopts
run menuselect/menuselect --check-deps menuselect.makeopts

step "building Asterisk (${#MODULES[@]} modules, make -j${JOBS})"
run make -j"$JOBS"
step "installing"
run make install
for module in app_queue app_chanspy app_mixmonitor chan_pjsip res_pjsip res_pjsip_registrar res_pjsip_refer \
    res_pjsip_outbound_registration res_rtp_asterisk cdr_custom res_musiconhold; do
    [ -f "${DEST}/install/lib/asterisk/modules/${module}.so" ] \
        || { echo "error: module ${module} was not built (see ${LOG})" >&2; exit 1; }
done
"${DEST}/install/sbin/asterisk" -V

# The sources are not needed to run; drop them to keep var/ small.
rm -rf "${DEST}/src" "${DEST}/externals"
echo "$build_id" >"${DEST}/BUILD-ID"
step "done: ${DEST}"
