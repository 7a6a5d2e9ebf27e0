"""Entry script of the bundled executable: the same `main` as the `juesuan` command."""

import sys

from juesuan.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
