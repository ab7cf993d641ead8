-- Every provider call goes to `updates` (latency baselines for the anomaly detectors):
-- `call` says which kind. `history` shows writes and failed calls; successful reads stay
-- in the table for the detectors.
ALTER TABLE updates ADD COLUMN call TEXT NOT NULL DEFAULT 'update';
