"""Result models -> text: tables (rich or plain), JSON, CSV and markdown.

Renderers never compute: every figure comes from the engine's result object, so the
formats cannot disagree. Only this package and the CLI import rich, and only when a
terminal table is drawn.
"""
