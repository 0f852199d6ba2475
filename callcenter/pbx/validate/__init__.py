"""A strict structural checker for rendered (and hand-written) Asterisk configuration.

It reads a configuration directory the way Asterisk would (sections, options, ``#include``), then checks:

- syntax: every line is a section header, an option, a directive or a comment; no control characters;
  application arguments have balanced parentheses, ``${...}`` and ``$[...]``;
- queues.conf and pjsip.conf: known options only, required ones present, objects referenced by name exist;
- the dialplan: priorities start at 1 and follow on, labels are unique, applications are known, and every
  Goto / GotoIf / GotoIfTime / Gosub / include / Queue() / endpoint context / queue exit context that is
  written literally resolves to something that exists (jumps whose target is computed at run time are
  checked at run time by the dialplan itself, with DIALPLAN_EXISTS);
- musiconhold.conf: mode=files classes whose directory lies in the checked directory and holds at least
  one WAV file Asterisk can play; every queue's ``musicclass`` is the node's own ``default`` or one of them;
- prompts: every prompt played by absolute path inside the checked directory (an uploaded one) exists
  there; optionally, every other literal prompt exists in a sounds directory.

Errors make an apply refuse; warnings (a context expected outside the rendered files, for instance)
are recorded but do not.
"""

from callcenter.pbx.validate.configs import check_musiconhold, check_pjsip, check_queues
from callcenter.pbx.validate.dialplan import Dialplan, check_dialplan, parse_dialplan, pattern_regex
from callcenter.pbx.validate.directory import check_directory
from callcenter.pbx.validate.parse import Report, Section, parse_config, split_args
from callcenter.pbx.validate.sounds import Sounds, sounds_in

__all__ = [
    "Dialplan",
    "Report",
    "Section",
    "Sounds",
    "check_dialplan",
    "check_directory",
    "check_musiconhold",
    "check_pjsip",
    "check_queues",
    "parse_config",
    "parse_dialplan",
    "pattern_regex",
    "sounds_in",
    "split_args",
]
