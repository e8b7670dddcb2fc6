"""Production visibility: request ids in every log line, JSON logs, Prometheus metrics."""
