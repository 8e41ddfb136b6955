"""Answering: question analysis, the extractive and LLM answerers, citation checking, ask()."""

from rag.answer.service import StreamEvent, ask, ask_stream

__all__ = ["ask", "ask_stream", "StreamEvent"]
