"""Evaluation of cited answers: metrics, the runner, reports and the regression gate."""
