import gc
import sys

from .cli import main

if __name__ == "__main__":
    code = main()
    # The process ends here: its last collector pass (at shutdown) would walk everything
    # the command left alive for nothing; frozen objects are skipped by it.
    gc.freeze()
    sys.exit(code)
