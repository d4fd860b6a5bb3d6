"""What the tool keeps on disk: atomic output files, model folders, MLflow runs.

Owns atomic writes, chunked CSV/Parquet output and the rejects file (`output_files`), saving
a model folder with its manifest (`model_saving`), verifying and loading one before anything
is unpickled (`model_loading`), and MLflow tracking, imported lazily (`mlflow_runs`).

May import: sources and the shared root modules.
"""
