"""Benchmarks, run by hand (never as timed tests); tests reuse their generators."""
