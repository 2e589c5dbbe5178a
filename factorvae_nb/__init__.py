"""FactorVAE, RVRAE and their baselines for cross-sectional stock return prediction, as literate nbdev notebooks

Modules:

- `factorvae_nb.backtest`: Daily-rebalanced portfolios built from a run's predictions — Top-K-drop, risk-penalised Top-K, long-short deciles, σ-weighted long-short — with transaction costs, against the equal-weighted universe, and the statistics to compare them.
- `factorvae_nb.evaluation`: What the papers measure on a run's `predictions.parquet`: daily IC and Rank IC with their IR and t-statistics, decile spreads, the total and predictive R² of the factor models, and whether the predicted σ means anything."""

__version__ = "0.0.1"
