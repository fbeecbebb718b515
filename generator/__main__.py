"""``python -m generator`` and the ``gen`` script: the command, with Ctrl-C quiet from the start.

The command's modules are imported inside :func:`main`, so an interrupt while they load ends
with a line instead of a traceback. When the command is done, the process ends at once
(:func:`os._exit`, after flushing the output streams): everything is written and closed by
then, and on a large spec, freeing the millions of objects of the run one by one on the way
out would cost as much as a sixth of the run (a second on Stripe's spec).
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    gc.disable()  # importing makes ~50,000 lasting objects: no collection passes over them
    try:
        from .startup import compiled_dataclasses  # noqa: PLC0415 (imported late on purpose)

        with compiled_dataclasses():
            from .cli import main as run  # noqa: PLC0415
    except KeyboardInterrupt:
        sys.stderr.write("gen: interrupted; nothing was written.\n")
        raise SystemExit(130) from None
    finally:
        gc.enable()
    try:
        run()
    except SystemExit as done:
        if isinstance(done.code, int) or done.code is None:
            _end(done.code or 0)
        raise


def _end(code: int) -> None:
    """Leave with ``code`` without tearing the interpreter down."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a pipe whose reader is gone
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    main()
