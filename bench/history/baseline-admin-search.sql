-- Baseline: naive ILIKE search across every user's history for a rare word.
\set w random(0, 4999)
SELECT id, prompt, created_at FROM assets WHERE prompt ILIKE '%tok' || :w || ' %' ORDER BY created_at DESC LIMIT 21;
