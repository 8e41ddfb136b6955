"""Cited answers: the extractive answerer on the dev set, abstention, follow-ups, bad input,
and the transformers and OpenAI-compatible answerers with their citations checked."""

from __future__ import annotations

import re

import pytest

from rag.config import Settings
from rag.pipeline import ask, ask_stream
from rag.answer.followup import resolve_followup
from rag.evaluate.metrics import citation_supported, is_correct
from tests.fake_openai import FakeChatServer

MARKER = re.compile(r"\[(\d+)\]")


def assert_citation_contract(answer) -> None:
    """Every quote is verbatim in its passage; every [n] has a citation and every citation is used."""
    numbers = {int(n) for n in MARKER.findall(answer.text)}
    assert numbers == {c.n for c in answer.citations}
    assert sorted(c.n for c in answer.citations) == list(range(1, len(answer.citations) + 1))
    for citation in answer.citations:
        assert citation.quote and citation.quote in citation.passage.text
    if answer.abstained:
        assert not answer.citations and not numbers


@pytest.fixture(scope="module")
def dev_answers(offline_index, dev_questions):
    return [(row, ask(row["question"], settings=offline_index)) for row in dev_questions]


def test_dev_set_quality_offline(dev_answers):
    zh = [(row, a) for row, a in dev_answers if row["lang"] == "zh" and row["answers"]]
    accuracy = sum(is_correct(a.text, row["answers"], a.abstained) for row, a in zh) / len(zh)
    assert accuracy >= 0.90
    cited = [(row, c) for row, a in dev_answers if row["answers"] for c in a.citations]
    precision = sum(citation_supported(c.passage.text, c.quote, row["evidence"], row["answers"]) for row, c in cited) / len(cited)
    # Measured 0.92 (23 of 25): a second quote (the runner-up, or one naming a question word
    # the first leaves out) is not always from a passage holding the evidence.
    assert precision >= 0.88
    unanswerable = [a for row, a in dev_answers if not row["answers"]]
    assert sum(a.abstained for a in unanswerable) >= 2
    assert sum(a.abstained for row, a in dev_answers if row["answers"]) <= 1


def test_every_quote_is_verbatim_and_every_marker_resolves(dev_answers, offline_index):
    for _row, answer in dev_answers:
        assert_citation_contract(answer)
    for question in ["上合组织", "Who?", "习近平会见了谁？谁主持了会议？", "2023年", "聊城 青岛 阿斯塔纳"]:
        assert_citation_contract(ask(question, settings=offline_index))


def test_answer_is_concise_and_cited(offline_index):
    answer = ask("上合示范区累计开行了多少列中欧班列？", settings=offline_index)
    first = answer.text.splitlines()[0]
    assert "3200多列" in first and "[1]" in first
    assert answer.generator == "extractive" and not answer.abstained
    assert "3200多列" in answer.citations[0].quote


def test_english_question_gets_an_english_frame_around_chinese_quotes(offline_index):
    answer = ask("Who is the mayor of Liaocheng?", settings=offline_index)
    assert "The articles say" in answer.text and "张百顺" in answer.text
    assert not answer.abstained


@pytest.mark.parametrize(
    "question, name",
    [("When did Zhang Baishun attend the press conference?", "张百顺"), ("What did Wang Lei say about power supply?", "王磊")],
)
def test_an_english_question_naming_someone_in_pinyin_finds_them(offline_index, question, name):
    """The dictionary knows neither official: their names are read back from pinyin into the
    characters the articles print (these questions had been declined)."""
    answer = ask(question, settings=offline_index)
    assert not answer.abstained and any(name in c.quote for c in answer.citations)


def test_abstains_in_the_question_language(offline_index):
    zh = ask("2024年聊城市常住人口是多少？", settings=offline_index)
    assert zh.abstained and zh.text.startswith("文章中没有找到") and not zh.citations
    en = ask("Which team won the 1998 football World Cup final in Paris?", settings=offline_index)
    assert en.abstained and en.text.startswith("The articles don't say")
    year = ask("聊城海北班是哪一年开办的？", settings=offline_index)  # the seeds print no such date
    assert year.abstained and not year.citations


def test_offline_answerer_is_named_and_the_fallback_is_visible(offline_index):
    answer = ask("中方决定在哈萨克斯坦开设第几家鲁班工坊？", settings=offline_index)
    assert answer.generator == "extractive"
    assert any("extractive answers" in n and "unavailable" in n for n in answer.notes)
    assert any("BM25" in n for n in answer.notes)


@pytest.mark.parametrize("question", ["", "   ", "？？！！…", "\x00\x07", "长" * 5000])
def test_bad_questions_get_a_clear_message(offline_index, question):
    answer = ask(question, settings=offline_index)
    assert answer.abstained and answer.generator == "none" and not answer.passages
    assert answer.text and "Traceback" not in answer.text


def test_markup_in_a_question_is_just_text(offline_index):
    answer = ask("<script>alert(1)</script>聊城援青管理组实施了多少项新技术？", settings=offline_index)
    assert "44项" in answer.text


def _history(question: str, answer: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_followups_are_resolved_against_the_conversation():
    summit = "出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？"
    assert resolve_followup("那白俄罗斯总统呢？", _history(summit, "穆赫贝尔[1]")) == "出席上合组织元首理事会第二十四次会议的白俄罗斯总统是谁？"
    assert resolve_followup("那塔吉克斯坦呢？", _history("哈萨克斯坦有几架战机护航？", "3架[1]")).startswith("塔吉克斯坦有几架战机")
    assert resolve_followup("他是谁？", _history(summit, "穆赫贝尔[1]")) == "穆赫贝尔是谁？"
    astana = "How many fighter jets escorted Xi Jinping's plane when he arrived in Astana?"
    assert resolve_followup("What about Dushanbe?", _history(astana, "3 [1]")).endswith("arrived in Dushanbe?")
    assert "Baku" in resolve_followup("When was that?", _history("Which train left Xi'an for Baku?", "X9043 [1]"))
    assert resolve_followup("上合示范区累计开行了多少列中欧班列？", _history(summit, "x")) == "上合示范区累计开行了多少列中欧班列？"


def test_followup_answer_uses_history(offline_index):
    history = _history("出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？", "穆赫贝尔[1]")
    answer = ask("那白俄罗斯总统呢？", history=history, settings=offline_index)
    assert "卢卡申科" in answer.text.splitlines()[0]  # the short answer heads the reply
    assert any("卢卡申科" in c.quote for c in answer.citations)
    assert any(note.startswith("follow-up read as") for note in answer.notes)


def test_stream_yields_text_then_the_final_answer(offline_index):
    events = list(ask_stream("聊城援青管理组实施了多少项新技术？", settings=offline_index))
    deltas = "".join(e.delta for e in events if e.answer is None)
    final = events[-1].answer
    assert final is not None and deltas == final.text and len(events) > 2


# --- the transformers path, with a tiny local model ---------------------------------------


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory):
    from tests.conftest import SEEDS
    from tests.tiny_models import build_tiny_causal_lm

    corpus = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return build_tiny_causal_lm(tmp_path_factory.mktemp("lm"), corpus)


@pytest.mark.slow
def test_transformers_answerer_streams_and_its_citations_are_checked(offline_index, tiny_lm):
    settings = offline_index.with_overrides(llm_model=str(tiny_lm), generator="transformers", llm_max_new_tokens=24)
    events = list(ask_stream("聊城援青管理组实施了多少项新技术？", settings=settings))
    final = events[-1].answer
    assert final.generator == f"transformers:{tiny_lm}"
    assert len(events) > 2  # streamed piece by piece
    assert_citation_contract(final)  # random weights: whatever it says, markers are checked


@pytest.mark.slow
def test_auto_uses_the_local_llm_when_it_loads(offline_index, tiny_lm):
    answer = ask("聊城援青管理组实施了多少项新技术？", settings=offline_index.with_overrides(llm_model=str(tiny_lm), llm_max_new_tokens=8))
    assert answer.generator.startswith("transformers:")


def test_a_corrupt_model_folder_falls_back_visibly(offline_index, tmp_path):
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    answer = ask("聊城援青管理组实施了多少项新技术？", settings=offline_index.with_overrides(llm_model=str(broken), generator="transformers"))
    assert answer.generator == "extractive" and "44项" in answer.text
    assert any("failed" in n for n in answer.notes)


# --- the OpenAI-compatible path, against a real HTTP server speaking the protocol ---------


def test_openai_answer_streams_and_a_wrong_marker_is_moved(offline_index, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")  # read with the settings, as a secret
    chunks = ["伊朗代理总统", "是穆赫贝尔", "[4]。"]
    with FakeChatServer(chunks) as server:
        from_env = Settings().openai_api_key
        assert from_env is not None and "sk-test" not in repr(Settings())
        settings = offline_index.with_overrides(openai_base_url=server.base_url, openai_model="test-model", generator="openai", openai_api_key=from_env)
        events = list(ask_stream("出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？", settings=settings))
        request = server.requests[0]
    final = events[-1].answer
    assert [e.delta for e in events[:-1]] == chunks
    assert final.generator == "openai:test-model" and not final.abstained
    assert final.text.endswith("[1]。") and "穆赫贝尔" in final.citations[0].quote
    assert_citation_contract(final)
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    assert request["body"]["stream"] is True and request["body"]["model"] == "test-model"
    prompt = request["body"]["messages"][-1]["content"]
    assert "[1]" in prompt and "问题：" in prompt


def test_openai_unsupported_sentences_are_flagged(offline_index):
    chunks = ["伊朗代理总统是穆赫贝尔[1]。", "他曾三次访问月球[2]。"]
    with FakeChatServer(chunks) as server:
        settings = offline_index.with_overrides(openai_base_url=server.base_url, generator="openai")
        final = ask("出席上合组织元首理事会第二十四次会议的伊朗代理总统是谁？", settings=settings)
    assert final.unsupported == ["他曾三次访问月球。"]
    assert "月球[" not in final.text
    assert_citation_contract(final)


def test_openai_says_no_answer_means_abstention(offline_index):
    with FakeChatServer(["文章中没有找到相关信息。"]) as server:
        final = ask("2024年聊城市常住人口是多少？", settings=offline_index.with_overrides(openai_base_url=server.base_url))
    assert final.abstained and not final.citations and final.generator.startswith("openai:")


@pytest.mark.parametrize("mode, expected", [("error", "HTTP 500"), ("malformed", "malformed"), ("slow", "timed out")])
def test_openai_server_faults_fall_back_to_extractive(offline_index, mode, expected):
    with FakeChatServer(["x"], mode=mode, delay=2.0) as server:
        settings = offline_index.with_overrides(openai_base_url=server.base_url, generator="openai", openai_timeout=0.5)
        final = ask("聊城援青管理组实施了多少项新技术？", settings=settings)
    assert final.generator == "extractive" and "44项" in final.text
    assert any(expected in note for note in final.notes)


def test_openai_server_down_falls_back(offline_index):
    settings = offline_index.with_overrides(openai_base_url="http://127.0.0.1:9/v1", generator="openai", openai_timeout=1.0)
    final = ask("聊城援青管理组实施了多少项新技术？", settings=settings)
    assert final.generator == "extractive" and any("unreachable" in n for n in final.notes)


def test_auto_does_not_download_a_model_behind_a_question(offline_index, monkeypatch):
    from rag.answer import service
    from rag.model_source import ModelSource

    monkeypatch.setattr(service, "resolve_model", lambda name: ModelSource(name, True, False))
    notes: list[str] = []
    assert service.choose_generator(offline_index.with_overrides(generator="auto"), notes) is None
    assert "not downloaded yet" in notes[0]
    chosen = service.choose_generator(offline_index.with_overrides(generator="transformers"), [])
    assert chosen is not None and chosen.name.startswith("transformers:")


def test_a_followup_with_pronouns_reads_them_from_the_conversation(offline_index):
    first = ask("习近平这次中亚之行访问了哪些国家？", settings=offline_index)
    history = [{"role": "user", "content": "习近平这次中亚之行访问了哪些国家？"}, {"role": "assistant", "content": first.text}]
    answer = ask("那他在那里做了什么？", history=history, settings=offline_index)
    reading = next(n for n in answer.notes if n.startswith("follow-up read as"))
    assert "习近平" in reading and "那里" not in reading and "他" not in reading.replace("习近平", "")
    assert not answer.abstained
    assert_citation_contract(answer)


def test_an_elliptical_followup_about_another_time_asks_the_previous_question_of_it(offline_index):
    """"未来两年呢？" after a count for 2023: the same count for the next two years (13台 in the
    same sentence of the seeds), not the 2023 figure again."""
    first = ask("聊城2023年关停了多少台小煤电机组？", settings=offline_index)
    assert first.text.startswith("5台")
    history = [{"role": "user", "content": "聊城2023年关停了多少台小煤电机组？"}, {"role": "assistant", "content": first.text}]
    answer = ask("未来两年呢？", history=history, settings=offline_index)
    assert answer.text.split("\n")[0].startswith("13台")
    assert_citation_contract(answer)


@pytest.mark.parametrize(
    "question, headline",
    [("米纳·古勒多大年纪？", "35岁"), ("上海合作组织成立多少年了？", "23年"), ("咨询电话是多少？", "0635-8451234"), ("聊城有几大传统优势产业？", "五大"),
     ("聊城有多少个重点产业链？", "12条"), ("塔吉克斯坦国家最高荣誉是什么勋章？", "“王冠勋章”"), ("中欧班列的集装箱到达了哪个港口？", "阿克套港"),
     ("上合组织有几个观察员国？", "3个"), ("聊城市工业和信息化局的局长叫什么？", "解志超"), ("奥运五环整体造型有多高？", "13米"), ("埃菲尔铁塔上的奥运五环有多高？", "13米"),
     ("中国－中亚机制秘书处是什么时候成立的？", "今年3月")],
)
def test_what_the_question_asks_for_heads_the_reply(offline_index, question, headline):
    """Age for 多大年纪, a count of years, a whole phone number, the N of 几大, a count in the
    noun's own measure word for 多少个, a name without the question's words, the port 分别 pairs with the containers, the
    count printed before the noun counted (9个成员国、3个观察员国), an office's holder without the
    titles before the name, the value after the dimension asked for (长29米、高13米), 今年3月 whole."""
    answer = ask(question, settings=offline_index)
    unquoted = lambda text: text.replace("“", "").replace("”", "")  # noqa: E731 - “王冠勋章” or 王冠勋章: the name either way
    assert unquoted(answer.text.split("\n")[0]) == unquoted(f"{headline}[1]"), answer.text


def test_followups_naming_another_quantity_chain_on_the_previous_reading(offline_index):
    """"固定资产投资呢？" after a question about 一般公共预算收入 asks the same of 固定资产投资 (7.2%),
    and "规上工业增加值呢？" after that asks it of 规上工业增加值 (8.9%)."""
    history: list[dict[str, str]] = []
    for question, value in [("聊城的一般公共预算收入增长了多少？", "7.1%"), ("固定资产投资呢？", "7.2%"), ("规上工业增加值呢？", "8.9%")]:
        answer = ask(question, history=history, settings=offline_index)
        assert answer.text.split("\n")[0].startswith(value), answer.text
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def test_a_chinese_question_naming_latin_terms_gets_a_chinese_reply(offline_index):
    answer = ask("ChatGPT和GPT4的发布时间是什么时候？", settings=offline_index)
    assert "The articles" not in answer.text and ("文章" in answer.text or re.search(r"[\u4e00-\u9fff]", answer.text))

