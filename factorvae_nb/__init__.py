"""FactorVAE, RVRAE and their baselines for cross-sectional stock return prediction, as literate nbdev notebooks"""

__version__ = "0.0.1"
