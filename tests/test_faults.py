"""Index and collection faults found by the adversarial probe (issue 17): manifests pointing
elsewhere, files from outside the articles folder, killed builds, rebuilds that fail."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.config import Settings
from rag.pipeline import ask, build_index, engine_for
from tests.conftest import ROOT, SEEDS

QUESTION = "聊城援青管理组实施了多少项新技术？"
TREE = Path(__import__("rag").__file__).resolve().parent.parent  # subprocesses run the code under test
OFFLINE = "not-a-real-org/no-such-model"


def _settings(seeds: Path, index: Path) -> Settings:
    return Settings(seeds_dir=seeds, index_dir=index, embed_model=OFFLINE)


def _copy_seeds(tmp_path: Path, name: str = "seeds") -> Path:
    seeds = tmp_path / name
    shutil.copytree(SEEDS, seeds)
    return seeds


# --- item 4: a build id is a folder name inside the index -------------------------------------


@pytest.mark.parametrize("pointer", ["absolute", "relative"])
def test_a_manifest_pointing_at_another_index_is_damaged_not_followed(tmp_path, pointer):
    other_seeds = tmp_path / "other"
    other_seeds.mkdir()
    (other_seeds / "x.txt").write_text("新华社北京7月9日电 聊城援青管理组实施新技术999项，全部来自另一个索引。\n\n另一个索引\n", encoding="utf-8")
    other = _settings(other_seeds, tmp_path / "other_vs")
    other_snapshot = build_index(other, progress=False)
    other_build = other_snapshot.folder
    ours = _settings(SEEDS, tmp_path / "vs")
    build_index(ours, progress=False)
    path = ours.index_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["build_id"] = str(other_build) if pointer == "absolute" else f"../other_vs/{other_build.name}"
    manifest["counts"] = other_snapshot.manifest["counts"]  # otherwise consistent with the build it names
    path.write_text(json.dumps(manifest), encoding="utf-8")
    engine_for(ours).invalidate()
    answer = ask(QUESTION, settings=ours)
    assert "44项" in answer.text and "999" not in answer.text
    assert all(p.source != "x.txt" for p in answer.passages)
    rebuilt = json.loads(path.read_text(encoding="utf-8"))["build_id"]
    assert "/" not in rebuilt and (ours.index_dir / rebuilt).is_dir()


# --- item 5: only regular files inside the articles folder ------------------------------------


def test_symlinks_leaving_the_folder_and_special_files_are_never_read(tmp_path, caplog):
    from rag.ingest import load_articles

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "003_ac244583d500c494.txt", seeds / "a.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("新华社北京7月9日电 机密：服务器口令是 hunter2，不得外传。\n\n机密文件\n", encoding="utf-8")
    os.symlink("/etc/passwd", seeds / "passwd.txt")
    os.symlink(secret, seeds / "secret.txt")
    os.symlink("/proc/self/status", seeds / "status.txt")
    os.symlink(seeds / "a.txt", seeds / "b_inside.txt")  # stays inside the folder: allowed
    os.mkfifo(seeds / "fifo.txt")  # opening it would block forever
    with caplog.at_level("WARNING"):
        articles = load_articles(seeds)
    text = "\n".join(a.text for a in articles)
    assert "hunter2" not in text and "root:" not in text and "VmRSS" not in text
    assert {a.source for a in articles} == {"a.txt", "b_inside.txt"}
    for name in ("passwd.txt", "secret.txt", "status.txt", "fifo.txt"):
        assert name in caplog.text
    assert "outside the articles folder" in caplog.text

    settings = _settings(seeds, tmp_path / "vs")
    answer = ask("服务器口令是什么？", settings=settings)
    assert "hunter2" not in answer.text and all("hunter2" not in p.text for p in answer.passages)
    first = engine_for(settings).snapshot(progress=False).manifest["build_id"]
    engine_for(settings).invalidate()  # like a new run: /proc/self/status changes every time
    assert engine_for(settings).snapshot(progress=False).manifest["build_id"] == first


# --- item 2: partial folders of killed builds -------------------------------------------------


def _big_collection(tmp_path: Path, copies: int = 30) -> Path:
    """Enough pages that a build takes several seconds, so it can be killed midway."""
    seeds = tmp_path / "big"
    seeds.mkdir()
    for n in range(copies):
        for page in SEEDS.glob("*.txt"):
            (seeds / f"{n:03d}_{page.name}").write_text(page.read_text(encoding="utf-8") + f"\n\n第{n}版\n", encoding="utf-8")
    return seeds


def _env(seeds: Path, index: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(TREE), "RAG_SEEDS_DIR": str(seeds), "RAG_INDEX_DIR": str(index), "RAG_EMBED_MODEL": OFFLINE}


def _start_build(seeds: Path, index: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "rag", "index", "--rebuild"], cwd=ROOT, env=_env(seeds, index), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _partials(index: Path) -> list[Path]:
    return sorted(index.glob(".build-*.partial")) if index.exists() else []


def _wait_for_partial(proc: subprocess.Popen[str], index: Path, timeout: float = 60.0, other_than: Path | None = None) -> Path:
    """The partial folder of the build `proc` runs, once it is well under way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in _partials(index) if p != other_than]
        if found:
            time.sleep(0.5)  # well into the build
            return found[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("the build never started writing")


@pytest.mark.slow
def test_kill_9_leaves_a_partial_that_the_next_start_removes_while_a_live_build_keeps_its_own(tmp_path):
    from rag.index.partial import remove_abandoned

    seeds, index = _big_collection(tmp_path), tmp_path / "vs"
    killed = None
    for _ in range(2):  # real kill -9s, each mid-build
        proc = _start_build(seeds, index)
        killed = _wait_for_partial(proc, index, other_than=killed)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert _partials(index) == [killed]  # nothing can clean up after kill -9; the next start does
    live = _start_build(seeds, index)
    own = _wait_for_partial(live, index, other_than=killed)
    assert _partials(index) == [own]
    assert remove_abandoned(index) == [] and own.exists()  # a live build's folder is never taken
    out, err = live.communicate(timeout=300)
    assert live.returncode == 0, err
    assert _partials(index) == [] and "passages" in out


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_build_ended_by_a_signal_removes_its_partial_folder(tmp_path, signum):
    seeds, index = _big_collection(tmp_path, copies=20), tmp_path / "vs"
    proc = _start_build(seeds, index)
    _wait_for_partial(proc, index)
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert _partials(index) == [], err
    assert "Traceback" not in err or signum == signal.SIGINT


# --- item 3: a rebuild that fails keeps the last good index answering -------------------------


def _ask_cli(settings: Settings, limit_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # a full disk, as the process sees it: writes past this size fail
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "rag", "ask", QUESTION], cwd=ROOT, env=_env(Path(settings.seeds_dir), Path(settings.index_dir)),
        capture_output=True, text=True, timeout=120, preexec_fn=limit if limit_file_bytes else None,
    )


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["articles moved away", "disk full"])
def test_rag_ask_answers_from_the_last_good_index_when_the_rebuild_fails(tmp_path, fault):
    seeds = _copy_seeds(tmp_path)
    settings = _settings(seeds, tmp_path / "vs")
    build_index(settings, progress=False)
    if fault == "articles moved away":
        seeds.rename(tmp_path / "moved")
        run = _ask_cli(settings)
        expected = "article folder not found"
    else:
        page = seeds / "000_68611f4037c7f0ed.txt"
        page.write_text(page.read_text(encoding="utf-8") + "\n\n本报讯 新增的一段文字。\n", encoding="utf-8")
        run = _ask_cli(settings, limit_file_bytes=20_000)
        expected = "not enough disk space"
    assert run.returncode == 0, run.stderr
    assert "44项" in run.stdout
    assert "out of date" in run.stderr and expected in run.stderr
    assert "requested and" not in run.stderr and "Traceback" not in run.stderr
    assert _partials(Path(settings.index_dir)) == []


def test_a_long_running_process_keeps_answering_and_retries_later(tmp_path, monkeypatch):
    import rag.pipeline.engine as engine_module

    seeds = _copy_seeds(tmp_path)
    settings = _settings(seeds, tmp_path / "vs")
    assert "44项" in ask(QUESTION, settings=settings).text
    attempts = []
    real_build = engine_module._build

    def counting_build(*args, **kwargs):
        attempts.append(time.monotonic())
        return real_build(*args, **kwargs)

    monkeypatch.setattr(engine_module, "_build", counting_build)
    monkeypatch.setattr(engine_module, "STALE_CHECK_SECONDS", 0.0)
    moved = seeds.rename(tmp_path / "moved")
    answers = [ask(QUESTION, settings=settings) for _ in range(5)]
    assert all("44项" in a.text for a in answers)  # never an error between answers
    assert all(any("out of date" in n and "article folder not found" in n for n in a.notes) for a in answers)
    assert len(attempts) == 1  # the next attempt waits for its backoff
    moved.rename(seeds)  # the articles are back (and unchanged): the index is current again
    answer = ask(QUESTION, settings=settings)
    assert "44项" in answer.text and not any("out of date" in n for n in answer.notes)
