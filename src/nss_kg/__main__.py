"""``python -m nss_kg``: the same as the ``nss-kg`` command."""

import sys

from nss_kg.cli import main

sys.exit(main())
