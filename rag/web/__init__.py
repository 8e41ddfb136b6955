"""The faces: the Gradio web chat and its HTML rendering."""
