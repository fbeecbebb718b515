"""``python -m generator`` and the ``gen`` script: the command, with Ctrl-C quiet from the start.

The command's modules are imported inside :func:`main`, so an interrupt while they load ends
with a line instead of a traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .startup import compiled_dataclasses  # noqa: PLC0415 (imported late on purpose)

        with compiled_dataclasses():
            from .cli import main as run  # noqa: PLC0415
    except KeyboardInterrupt:
        sys.stderr.write("gen: interrupted; nothing was written.\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
