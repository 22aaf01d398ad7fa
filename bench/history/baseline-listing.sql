-- Baseline: filtered listing with OFFSET paging (page 5), the usual first implementation of "load more".
\set u random(0, 999)
SELECT id, prompt, created_at FROM assets
WHERE owner_id = ('00000000-0000-0000-0000-' || lpad(to_hex(:u), 12, '0'))::uuid AND kind = 'textToImage'
ORDER BY created_at DESC OFFSET 100 LIMIT 21;
