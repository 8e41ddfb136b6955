"""`python -m rag`: the command line (see rag.cli)."""

from rag.cli import main

main()
