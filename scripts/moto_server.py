"""moto server with fixes for gaps that would hide what the action does on AWS.

Run as `python3 scripts/moto_server.py -H 127.0.0.1 -p 0` (the same arguments as `python3 -m moto.server`).

- moto 5.2 executes a change set without recomputing the stack's outputs or storing its parameters, so a
  stack deployed through a change set (as CloudFormation users and this action do) would report no outputs.
  AWS recomputes both on every create and update; so does this patch.
- moto updates resources in place even when an explicit name property changed; AWS replaces them
  (moto_replace_on_rename.py).
"""
import sys

from moto.cloudformation import models as cfn_models
from moto.server import main

import moto_replace_on_rename  # noqa: F401  (patches moto on import)

_apply = cfn_models.ChangeSet.apply


def _apply_and_refresh(self):
    _apply(self)
    stack = self.stack
    stack.template = self.template
    stack._parse_template()
    if self.parameters is not None:
        stack.parameters = self.parameters
    stack.output_map = stack._create_output_map()


cfn_models.ChangeSet.apply = _apply_and_refresh

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
