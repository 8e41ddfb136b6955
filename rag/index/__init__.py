"""The search index: BM25 and FAISS files plus a manifest in vectorstore/."""
