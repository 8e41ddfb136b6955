"""A Milvus build in its own process, slowed down so a test can kill it halfway (kill -9).

    python -m tests.milvus_build_worker SEEDS INDEX_DIR [slow]

Prints "stored DONE/TODO" after every batch and, at the end, the manifest's counts as JSON.
"""

from __future__ import annotations

import json
import sys
import time

from rag.config import Settings
from rag.pipeline import milvus_build
from tests.helpers import HashEmbedder


class SlowEmbedder(HashEmbedder):
    def embed_passages(self, texts, progress=False):  # type: ignore[no-untyped-def]
        time.sleep(0.4)
        return super().embed_passages(texts, progress)


if __name__ == "__main__":
    seeds, index_dir = sys.argv[1:3]
    slow = len(sys.argv) > 3 and sys.argv[3] == "slow"
    milvus_build.BATCH = 16
    settings = Settings(seeds_dir=seeds, index_dir=index_dir, embed_model="hash-embedder", search_backend="milvus")
    manifest = milvus_build.build_milvus(settings, SlowEmbedder() if slow else HashEmbedder(), progress=False,
                                         on_batch=lambda done, todo: print(f"stored {done}/{todo}", flush=True))
    print(json.dumps({"counts": manifest["counts"], "embedder": manifest["embedder"]}))
