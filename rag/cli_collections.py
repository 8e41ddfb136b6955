"""Command line for collections: `rag add`, `rag remove`, `rag list`, `rag collections`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

COLLECTION = typer.Option(None, "--collection", "-c", help="Collection name (default: the default collection, RAG_SEEDS_DIR).")


def register(app: typer.Typer, setup_logging, fail) -> None:  # type: ignore[no-untyped-def]
    """Add the collection commands to the main command line."""

    @app.command()
    def add(
        paths: List[Path] = typer.Argument(..., help="Files or folders of documents: .txt .html .pdf .png .jpg .tif .docx .md"),
        collection: Optional[str] = COLLECTION,
        verbose: bool = typer.Option(False, "--verbose", "-v"),
    ) -> None:
        """Copy documents into a collection and update its index (only new or changed documents are read and embedded)."""
        setup_logging(verbose)
        from rag.config import get_settings
        from rag.pipeline import SERVICE_ERRORS
        from rag.pipeline.collections import DEFAULT, CollectionError, add_documents

        name = collection or DEFAULT
        try:
            infos, summary = add_documents(get_settings(), name, paths, status=lambda doc, text: typer.echo(f"  {doc}: {text}", err=True))
        except (CollectionError, *SERVICE_ERRORS) as exc:
            fail(str(exc))
        for info in infos:
            if info.status == "skipped":
                typer.secho(f"skipped {info.name}: {info.reason}", fg=typer.colors.YELLOW)
            else:
                typer.echo(f"added {info.name} ({info.format}, {info.pages} page(s), {info.articles} article(s))")
        typer.echo(f"collection {name}: {summary}")

    @app.command()
    def remove(
        names: List[str] = typer.Argument(..., help="Document file names, as `rag list` shows them."),
        collection: Optional[str] = COLLECTION,
    ) -> None:
        """Delete documents from a collection and update its index."""
        setup_logging(False)
        from rag.config import get_settings
        from rag.pipeline import SERVICE_ERRORS
        from rag.pipeline.collections import DEFAULT, CollectionError, remove_documents

        name = collection or DEFAULT
        try:
            summary = remove_documents(get_settings(), name, names)
        except (CollectionError, *SERVICE_ERRORS) as exc:
            fail(str(exc))
        typer.echo(f"removed {len(names)} document(s); collection {name}: {summary}")

    @app.command("list")
    def list_(collection: Optional[str] = COLLECTION, as_json: bool = typer.Option(False, "--json")) -> None:
        """The documents of a collection: status (indexed, skipped and why), pages, articles, passages."""
        from rag.config import get_settings
        from rag.pipeline.collections import DEFAULT, CollectionError, list_documents

        try:
            infos = list_documents(get_settings(), collection or DEFAULT)
        except CollectionError as exc:
            fail(str(exc))
        if as_json:
            typer.echo(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2))
            return
        typer.echo(f"{'document':<40} {'status':<8} {'format':<8} {'pages':>5} {'articles':>8} {'passages':>8}  note")
        for i in infos:
            typer.echo(f"{i.name:<40} {i.status:<8} {i.format:<8} {i.pages:>5} {i.articles:>8} {i.passages:>8}  {i.reason}")

    @app.command()
    def collections() -> None:
        """The collections (the default one is RAG_SEEDS_DIR)."""
        from rag.config import get_settings
        from rag.pipeline.collections import collection_names

        for name in collection_names(get_settings()):
            typer.echo(name)
