import sys

from kehoach.pipeline.cli import main

sys.exit(main())
