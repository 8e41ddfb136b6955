"""Web chat over the newspaper articles: `python app.py` (same as `python -m rag serve`)."""

from rag.web.launch import main  # imports little: a first run's index build starts before the server's libraries load

if __name__ == "__main__":
    main()
