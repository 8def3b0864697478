"""contentplan: keep a brand's social-media content calendar honest."""

__version__ = "0.1.0"
