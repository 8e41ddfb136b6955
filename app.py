"""Web chat over the newspaper articles: `python app.py` (same as `python -m rag serve`)."""

from rag.web.app import main

if __name__ == "__main__":
    main()
