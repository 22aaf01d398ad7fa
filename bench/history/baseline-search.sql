-- Baseline: the naive search a first version would ship (ILIKE over prompts, newest first), same user scope and page size.
\set u random(0, 999)
\set w random(1, 20)
SELECT id, prompt, created_at FROM assets
WHERE owner_id = ('00000000-0000-0000-0000-' || lpad(to_hex(:u), 12, '0'))::uuid
  AND (prompt ILIKE '%' || (ARRAY['portrait','castle','dragon','forest','ocean','night','sunset','robot','lighthouse','harbour',
       'galaxy','neon','watercolor','cinematic','misty','medieval','surreal','crystal','origami','anime'])[:w] || '%')
ORDER BY created_at DESC LIMIT 21;
