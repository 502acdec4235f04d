"""kbagent: a self-hosted knowledge-base AI agent."""

from kbagent import openmp

openmp.configure()  # before anything can import llama_cpp (see kbagent/openmp.py)

__version__ = "0.1.0"
