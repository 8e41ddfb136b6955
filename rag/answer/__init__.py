"""Answering: passages (+ statistics) in, a cited Answer out: question analysis, evidence
selection, the extractive and LLM answerers, citation checking."""

from rag.answer.service import StreamEvent, answer_stream, choose_generator, clean_question

__all__ = ["StreamEvent", "answer_stream", "choose_generator", "clean_question"]
