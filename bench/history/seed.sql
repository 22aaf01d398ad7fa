-- Seeds :rows history entries over 1,000 users (user k owns ~rows/1000 entries, ids 00000000-0000-0000-0000-<k in hex>).
-- Prompts take two words from a 100-word head vocabulary and four from a 5,000-word tail, as real prompts mix common and rare words.
\set ON_ERROR_STOP on
CREATE TEMP TABLE head_words AS
SELECT string_to_array('portrait landscape castle dragon forest ocean city night sunset mountain river cat dog robot astronaut '
  'knight wizard flower garden desert snow winter summer autumn spring storm rain lighthouse harbour ship train car street '
  'market temple village tower bridge island cave volcano galaxy planet moon star nebula neon cyberpunk steampunk watercolor '
  'oil painting sketch photo cinematic dramatic soft golden misty foggy vibrant pastel dark bright ancient futuristic medieval '
  'gothic baroque minimal abstract surreal cozy lonely epic tiny giant red blue green purple orange silver crystal glass '
  'wooden stone marble iron paper origami clay pixel anime', ' ') AS w;
INSERT INTO assets (id, owner_id, job_id, output_index, kind, prompt, negative_prompt, model, seed, width, height, steps, cost,
                    format, content_type, size, checksum, has_thumbnail, runware_url, text, favorite, tags, created_at)
SELECT gen_random_uuid(),
       ('00000000-0000-0000-0000-' || lpad(to_hex(i % 1000), 12, '0'))::uuid,
       gen_random_uuid(), 0,
       (ARRAY['textToImage','textToImage','textToImage','imageToImage','inpaint','upscale','removeBackground'])[1 + (i % 7)],
       h.w[1 + floor(random() * 100)::int] || ' ' || h.w[1 + floor(random() * 100)::int] || ' tok' || floor(random() * 5000)::int
         || ' tok' || floor(random() * 5000)::int || ' tok' || floor(random() * 5000)::int || ' tok' || floor(random() * 5000)::int,
       CASE WHEN i % 3 = 0 THEN 'blurry low quality ' || h.w[1 + floor(random() * 100)::int] END,
       (ARRAY['runware:100@1','runware:101@1','civitai:4384@128713','runware:97@2'])[1 + (i % 4)],
       (random() * 1e9)::bigint, 1024, 1024, 20, 0.0025,
       'png', 'image/png', 1048576, repeat('0', 64), true, NULL, NULL,
       i % 20 = 0,
       CASE WHEN i % 20 = 0 THEN ARRAY['keep'] ELSE ARRAY[]::text[] END,
       now() - make_interval(secs => i)
FROM generate_series(1, :rows) AS i, head_words AS h;
VACUUM ANALYZE assets;
