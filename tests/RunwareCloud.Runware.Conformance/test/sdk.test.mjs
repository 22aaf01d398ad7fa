// The official @runware/sdk-js, unchanged, against the emulator started by run-suite.sh.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Runware } from "@runware/sdk-js";

const base = process.env.RUNWARE_EMULATOR_URL ?? "http://127.0.0.1:5110";
const url = base.replace(/^http/, "ws") + "/v1";
const model = "runware:101@1";
let runware;

const fetchBytes = async (address) => {
  const response = await fetch(address);
  assert.equal(response.status, 200, address);
  return { type: response.headers.get("content-type"), bytes: new Uint8Array(await response.arrayBuffer()) };
};
const pngSize = (bytes) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
};
const generate = async (prompt, extra = {}) =>
  runware.requestImages({ positivePrompt: prompt, model, width: 256, height: 256, steps: 4, seed: 11, outputFormat: "PNG", ...extra });

before(async () => {
  runware = new Runware({ apiKey: "conformance-key", url, timeoutDuration: 30000 });
  await runware.ensureConnection();
});

after(async () => {
  await runware?.disconnect();
});

test("requestImages returns numberResults images with distinct UUIDs, seeds and fetchable URLs", async () => {
  const images = await generate("a lighthouse on a cliff at sunset", { numberResults: 2, includeCost: true });
  assert.equal(images.length, 2);
  assert.notEqual(images[0].imageUUID, images[1].imageUUID);
  assert.deepEqual(images.map((i) => i.seed).sort(), [11, 12]);
  assert.ok(images.every((i) => i.cost > 0));
  const { type, bytes } = await fetchBytes(images[0].imageURL);
  assert.equal(type, "image/png");
  assert.deepEqual(pngSize(bytes), [256, 256]);
});

test("requestImages is deterministic for the same prompt and seed", async () => {
  const [a] = await generate("a quiet forest");
  const [b] = await generate("a quiet forest");
  assert.deepEqual((await fetchBytes(a.imageURL)).bytes, (await fetchBytes(b.imageURL)).bytes);
});

test("requestImages rejects with the Runware error for an invalid width", async () => {
  await assert.rejects(generate("a cat", { width: 500 }), (error) => error?.error?.code === "invalidWidth" && error.error.parameter === "width");
});

test("imageUpload stores a data URI and returns its UUID", async () => {
  const [image] = await generate("a red ball");
  const { bytes } = await fetchBytes(image.imageURL);
  const uploaded = await runware.imageUpload({ image: "data:image/png;base64," + Buffer.from(bytes).toString("base64") });
  assert.match(uploaded.imageUUID, /^[0-9a-f-]{36}$/);
  assert.deepEqual((await fetchBytes(uploaded.imageURL)).bytes, bytes);
});

test("removeImageBackground returns a PNG with a transparent border", async () => {
  const [image] = await generate("a yellow blob by the ocean");
  const result = await runware.removeImageBackground({ inputImage: image.imageUUID, outputFormat: "PNG", includeCost: true });
  assert.equal(result.taskType, "removeBackground");
  assert.equal(result.inputImageUUID, image.imageUUID);
  const { type, bytes } = await fetchBytes(result.imageURL);
  assert.equal(type, "image/png");
  assert.equal(bytes[25], 6, "colour type RGBA");
});

test("upscaleGan doubles the size", async () => {
  const [image] = await generate("snowy cabin");
  const result = await runware.upscaleGan({ inputImage: image.imageUUID, upscaleFactor: 2, outputFormat: "PNG" });
  assert.deepEqual(pngSize((await fetchBytes(result.imageURL)).bytes), [512, 512]);
});

test("requestImageToText describes the image", async () => {
  const [image] = await generate("a forest");
  const result = await runware.requestImageToText({ inputImage: image.imageUUID });
  assert.equal(result.taskType, "caption");
  assert.match(result.text, /green/);
});

test("enhancePrompt returns promptVersions texts", async () => {
  const results = await runware.enhancePrompt({ prompt: "a dog", promptVersions: 2, promptMaxLength: 100 });
  assert.equal(results.length, 2);
  assert.ok(results.every((r) => r.text.startsWith("a dog") && r.text.length <= 100));
  assert.notEqual(results[0].text, results[1].text);
});

test("modelSearch finds FLUX checkpoints", async () => {
  const result = await runware.modelSearch({ search: "flux", category: "checkpoint" });
  assert.ok(result.totalResults >= 2);
  assert.ok(result.results.some((m) => m.air === model));
});

test("videoInference polls getResponse until an MP4 is ready", async () => {
  const videos = await runware.videoInference({ positivePrompt: "slow pan over a lake", model: "klingai:5@3", duration: 1, width: 640, height: 360, numberResults: 1 });
  const video = Array.isArray(videos) ? videos[0] : videos;
  assert.equal(video.status, "success");
  const { type, bytes } = await fetchBytes(video.videoURL);
  assert.equal(type, "video/mp4");
  assert.equal(Buffer.from(bytes.slice(4, 8)).toString(), "ftyp");
});

test("getResponse reports processing and then success for an async task", async () => {
  const ack = await runware.videoInference({ positivePrompt: "waves at night", model: "klingai:5@3", duration: 1, skipResponse: true });
  assert.equal(ack.status, "processing");
  let final;
  for (let i = 0; i < 200 && !final; i++) {
    const [item] = await runware.getResponse({ taskUUID: ack.taskUUID });
    if (item.status === "success") final = item;
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(final?.videoUUID);
});

test("a bad API key is rejected with invalidApiKey", async () => {
  const bad = new Runware({ apiKey: "invalid-api-key", url, timeoutDuration: 5000 });
  try {
    await assert.rejects(bad.ensureConnection(), (error) => error?.error?.code === "invalidApiKey");
  } finally {
    await bad.disconnect();
  }
});
