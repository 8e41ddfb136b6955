"""Command line: `python -m rag <command>` (also installed as `rag`)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import typer

from rag.config import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Cited question answering over newspaper articles.")


@app.callback()
def _root() -> None:
    """Cited question answering over OCR'd Chinese newspaper articles."""


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("faiss.loader", "httpx", "sentence_transformers", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@app.command()
def ingest(
    seeds_dir: Optional[Path] = typer.Option(None, help="Folder of article files (default: settings.seeds_dir)."),
    dump: Optional[Path] = typer.Option(None, help="Write the chunks as JSONL to this file."),
    articles_out: Optional[Path] = typer.Option(None, "--articles", help="Write the articles as JSONL to this file."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Read and clean the articles, cut them into chunks, and report (or dump) what the index will hold."""
    _setup_logging(verbose)
    from rag.chunking import chunk_articles
    from rag.ingest import IngestError, load_articles

    settings = get_settings()
    folder = seeds_dir or settings.seeds_dir
    try:
        articles = load_articles(folder)
    except IngestError as exc:
        _fail(str(exc))
    chunks = chunk_articles(articles, settings.chunk_chars, settings.chunk_overlap)
    if dump:
        _write_jsonl(dump, (c.to_dict() for c in chunks))
    if articles_out:
        _write_jsonl(articles_out, (a.to_dict() for a in articles))
    linked = sum(1 for a in articles if a.linked_id and a.continued_from)
    typer.echo(f"{len(articles)} articles ({linked} continuations linked across pages), {len(chunks)} chunks from {folder}")


@app.command()
def index(
    rebuild: bool = typer.Option(False, help="Rebuild even when the index is up to date."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Build or refresh vectorstore/ (only when the articles or settings changed, unless --rebuild)."""
    _setup_logging(verbose)
    from rag.index.manifest import IndexCorrupt
    from rag.ingest import IngestError
    from rag.pipeline import engine_for

    settings = get_settings()
    engine = engine_for(settings)
    try:
        snapshot = engine.rebuild() if rebuild else engine.snapshot()
    except (IngestError, IndexCorrupt, OSError) as exc:
        _fail(str(exc))
    manifest = snapshot.manifest
    dense = manifest.get("dense")
    typer.echo(
        f"index {manifest['build_id']} in {settings.index_dir}: {manifest['counts']['articles']} articles, "
        f"{manifest['counts']['chunks']} passages; BM25 + "
        + (f"FAISS {dense['kind']} ({manifest['embedder']['model']})" if dense else "no dense vectors")
    )
    if not dense:
        typer.secho(f"offline path: {manifest['embedder'].get('error')}", fg=typer.colors.YELLOW, err=True)


bench_app = typer.Typer(help="Benchmarks that print measured figures.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("seeds")
def bench_seeds(repeats: int = typer.Option(20, help="Passes over the dev questions for latency.")) -> None:
    """Build time per stage, index size, retrieval latency and memory on the seed articles."""
    _setup_logging(False)
    logging.getLogger().setLevel(logging.WARNING)
    from rag.bench import seeds

    typer.echo(seeds.run(get_settings(), repeats=repeats))


def _write_jsonl(path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    typer.echo(f"wrote {path}")


def main() -> None:
    """Entry point of the `rag` console script."""
    app()
