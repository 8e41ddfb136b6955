"""Search: embedders, BM25 tokens, query translation, fusion, reranking."""
