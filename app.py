"""Web chat over the newspaper articles: `python app.py` (same as `python -m rag serve`)."""

from rag.web.server import main  # not rag.web.app: that imports Gradio, which loads after the server listens

if __name__ == "__main__":
    main()
