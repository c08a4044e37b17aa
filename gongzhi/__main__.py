import sys

from gongzhi.cli import main

sys.exit(main())
