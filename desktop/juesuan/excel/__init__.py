"""Excel workbooks in the official layouts: export (values, print-ready), import (ours and other tools')."""
