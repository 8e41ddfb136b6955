"""A first run's BM25 stage, built in a child process while the server process is still
importing its libraries and starting: on 2 cores the two overlap instead of taking turns
(the GIL would serialise them in one process). The child writes the build to the index
folder and exits; the server then loads it like any committed build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pydantic import SecretStr

from rag.config import Settings
from rag.index.manifest import MANIFEST


def start_first_stage(settings: Settings) -> subprocess.Popen[str] | None:
    """When the index folder holds no build yet, start building its BM25 stage in a child
    process (progress on this terminal); None when there is a build (stale or not: the
    server's engine then decides, as always)."""
    if (Path(settings.index_dir) / MANIFEST).exists():
        return None
    child = subprocess.Popen([sys.executable, "-m", "rag.pipeline.first_stage"], stdin=subprocess.PIPE, text=True)
    assert child.stdin is not None
    # The settings go whole (not only through the environment): a server started with
    # settings other than the environment's must get a build that matches them. Secrets
    # (shown masked in JSON) are left to the child's environment.
    secrets = {name for name, value in settings if isinstance(value, SecretStr)}
    child.stdin.write(settings.model_dump_json(exclude=secrets))
    child.stdin.close()
    return child


def finish_first_stage(child: subprocess.Popen[str] | None) -> None:
    """Wait for the child. If it failed, the server's engine builds (and reports) as usual."""
    if child is not None:
        child.wait()


def warm_up(settings: Settings) -> None:
    """Load what every first answer would otherwise load: jieba's dictionary (about half a
    second), the traditional-to-simplified table, CC-CEDICT's abbreviations and names, the
    answerer's model check."""
    import jieba

    from rag.answer import choose_generator
    from rag.lang import to_simplified
    from rag.search.cedict import expand_abbreviations

    jieba.initialize()
    to_simplified("預熱")
    expand_abbreviations("预热")  # CC-CEDICT's abbreviations and names (about half a second)
    choose_generator(settings, [])


def warm_up_english() -> None:
    """CC-CEDICT for English questions (about a second: loaded once the chat is up, so that
    neither the first answers nor the chat wait for it)."""
    from rag.search.pinyin import readings
    from rag.search.translate import translate_query
    from rag.search.transliteration import transliterations

    translate_query("warm up")
    readings()  # characters by pinyin syllable, for names spelled in pinyin
    transliterations("Warmup", lambda _gram: False)  # characters by sound, for foreign names


def main() -> None:
    """The child: read the settings (JSON) from stdin and build the BM25 stage."""
    import logging

    from rag.pipeline import engine_for

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings(**json.loads(sys.stdin.read()))  # the environment fills in what was left out
    try:
        engine_for(settings).build_bm25(progress=True)
    except Exception:  # noqa: BLE001 - the server's own build reports the error in its words
        sys.exit(1)


if __name__ == "__main__":
    main()
